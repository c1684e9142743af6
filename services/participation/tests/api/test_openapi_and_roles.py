from participation.bootstrap import SPEC


def test_every_endpoint_is_documented_and_only_public_ones_go_without_roles(make_client):
    client, _ = make_client(SPEC)
    spec = client.get("/openapi.json").json
    paths = spec["paths"]
    assert "/api/participation/public/events/{event_id}/registrations" in paths
    assert "/api/participation/meetings/{meeting_id}/items/{item_id}/decision" in paths
    for path, methods in paths.items():
        for method, op in methods.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            if path.startswith("/api/participation/public/"):
                assert "x-roles" not in op, f"{method} {path} is public"
            else:
                assert op.get("x-roles"), f"{method} {path} has no @require_roles"


def test_public_endpoints_answer_without_token_and_staff_endpoints_refuse(make_client):
    client, _ = make_client(SPEC)
    for url in ("/api/participation/public/events", "/api/participation/public/opportunities",
                "/api/participation/public/decisions", "/api/participation/public/events.ics"):
        assert client.get(url).status_code == 200, url
    for url in ("/api/participation/persons", "/api/participation/events", "/api/participation/audit",
                "/api/participation/sponsorships", "/api/participation/meetings"):
        resp = client.get(url)
        assert resp.status_code == 401 and resp.mimetype == "application/problem+json", url
