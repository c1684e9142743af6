"""Every non-public endpoint declares its roles; the OpenAPI document renders."""

from newsletter.bootstrap import SPEC


def test_every_internal_operation_requires_a_role_and_public_ones_none(make_client):
    client, _ = make_client(SPEC)
    spec = client.get("/openapi.json").json
    assert spec["info"]["title"] == "Newsletter"
    checked = 0
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            checked += 1
            if path.startswith("/api/newsletter/public/"):
                assert "x-roles" not in op, path
            else:
                assert op.get("x-roles"), f"{method} {path} has no roles"
                assert "newsletter.editor" in op["x-roles"], f"{method} {path}"
    assert checked >= 25
    assert "/api/newsletter/public/unsubscribe" in spec["paths"]


def test_send_rate_limit_spaces_mails(make_runtime, smtp_sink):
    import time

    from ..helpers import add_topics, confirmed_subscriber, send_all, sink_settings

    rt = make_runtime(SPEC, **sink_settings(smtp_sink, SEND_RATE="20", SEND_CONNECTIONS="2"))
    add_topics(rt)
    for i in range(10):
        confirmed_subscriber(rt, f"r{i}@example.org")
    t0 = time.monotonic()
    send_all(rt)
    assert len(smtp_sink.messages) == 10
    assert time.monotonic() - t0 >= 9 / 20  # 20 mails/s over both connections: never faster


def test_subscriber_data_is_for_the_newsletter_team_only(make_client, auth_header):
    """Need to know (DSGVO Art. 5): a 'viewer' may follow issues and the archive, not read addresses."""
    client, _ = make_client(SPEC)
    viewer, editor = auth_header("viewer"), auth_header("newsletter.editor")
    for url in ("/api/newsletter/subscribers", "/api/newsletter/bounces"):
        assert client.get(url, headers=viewer).status_code == 403, url
        assert client.get(url, headers=editor).status_code == 200, url
    assert client.get("/api/newsletter/issues", headers=viewer).status_code == 200
    html = {**viewer, "Accept": "text/html"}
    assert client.get("/intern/newsletter/abonnenten", headers=html).status_code == 403
    assert client.get("/intern/newsletter/", headers=html).status_code == 200


def test_refused_page_names_the_needed_role_in_the_readers_language(make_client, auth_header):
    """The 403 page of a department says which role would allow it, by its name, never its code."""
    client, _ = make_client(SPEC)
    html = {**auth_header("viewer"), "Accept": "text/html"}
    german = client.get("/intern/newsletter/abonnenten", headers=html)
    assert german.status_code == 403 and german.mimetype == "text/html"
    page = german.get_data(as_text=True)
    assert "Dafür ist die Rolle „Newsletter bearbeiten“ nötig." in page
    assert "newsletter.editor" not in page and "Benötigt" not in page
    english = client.get("/intern/newsletter/abonnenten?lang=en", headers=html).get_data(as_text=True)
    assert "It needs the role “Edit the newsletter”." in english
    assert "newsletter.editor" not in english
