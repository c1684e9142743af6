"""Every endpoint: 401 without a token, 403 for a role that may not write; public ones need no token."""

import re

from programmes.bootstrap import SPEC
from servicekit.web.app import create_service_app

WRITE = {"POST", "PUT", "PATCH", "DELETE"}


def api_routes(runtime):
    app = create_service_app(SPEC, runtime=runtime)
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/programmes/"):
            path = re.sub(r"<[^>]+>", "x", rule.rule)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, path


def test_every_department_endpoint_needs_a_token_and_the_right_role(api, auth_header):
    routes = [(m, p) for m, p in api_routes(api.runtime) if "/public/" not in p]
    assert len(routes) > 30
    for method, path in routes:
        anon = api.client.open(path, method=method, json={})
        assert anon.status_code == 401, (method, path, anon.status_code)
        if method in WRITE:
            for role in ("viewer", "finance.clerk", "participation.editor", "newsletter.editor"):
                denied = api.client.open(path, method=method, json={}, headers=auth_header(role))
                assert denied.status_code == 403, (method, path, role, denied.status_code)
                assert denied.mimetype == "application/problem+json"


def test_public_endpoints_need_no_token_and_only_read(api):
    routes = [(m, p) for m, p in api_routes(api.runtime) if "/public/" in p]
    assert {m for m, _ in routes} == {"GET"}
    for _method, path in routes:
        assert api.client.get(path).status_code in (200, 404), path


def test_openapi_documents_roles_for_every_operation(api):
    spec = api.client.get("/openapi.json").json
    for path, ops in spec["paths"].items():
        if not path.startswith("/api/programmes/") or "/public/" in path:
            continue
        for method, op in ops.items():
            if method in ("get", "post", "put", "patch", "delete"):
                assert op.get("x-roles"), (method, path)


def test_every_item_read_answers_404_problem_for_unknown_ids(api):
    routes = [(m, p) for m, p in api_routes(api.runtime) if "/x" in p and m == "GET"]
    assert len(routes) >= 12
    for _method, path in routes:
        resp = api.client.get(path.replace("/x", "/gibt-es-nicht"), headers=api.editor)
        assert resp.status_code == 404, (path, resp.status_code)
        assert resp.mimetype == "application/problem+json" and resp.json["title"] == "Nicht gefunden"
    for path in ("/api/programmes/projects/x/publish", "/api/programmes/programmes/x/publish"):
        for method in ("POST", "DELETE"):
            assert api.client.open(path.replace("/x", "/nope"), method=method,
                                   headers=api.editor).status_code == 404
