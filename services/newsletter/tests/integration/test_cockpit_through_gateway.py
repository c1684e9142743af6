"""The send cockpit as a browser gets it: through the gateway (login, proxy under /intern/newsletter/, its
Content-Security-Policy), from the newsletter service running on a real HTTP port."""

from __future__ import annotations

import re
import threading

import pytest
from werkzeug.serving import make_server

from newsletter.bootstrap import SPEC
from newsletter.service_layer import issues, news

from ..api.test_cockpit import JS_TYPES, Page, assert_csp_clean
from ..helpers import add_topics, confirmed_subscriber, sink_settings

pytest.importorskip("gateway")
PASSWORD = "richtig-langes-passwort"  # noqa: S105 - test account


@pytest.fixture
def newsletter_server(make_runtime, smtp_sink):
    from servicekit.web.app import create_service_app

    rt = make_runtime(SPEC, **sink_settings(smtp_sink))
    server = make_server("127.0.0.1", 0, create_service_app(SPEC, runtime=rt), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield rt, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def gateway_client(newsletter_server, tmp_path, keypair):
    from gateway.app import create_app
    from gateway.bootstrap import SPEC as GATEWAY
    from servicekit.config import SERVICES, Settings
    from servicekit.runtime import Runtime

    _, url = newsletter_server
    # the other services are not running: only the newsletter is asked
    urls = {s: ("http://127.0.0.1:9" if s != "newsletter" else url) for s in SERVICES}
    environ = {"AKTIV_ENV": "test", "AKTIV_VAR_DIR": str(tmp_path / "gw"), "AKTIV_LOG_JSON": "false",
               "AKTIV_JWT_PUBLIC_KEY_FILE": str(keypair[1]), "AKTIV_JWT_PRIVATE_KEY_FILE": str(keypair[0]),
               **{f"AKTIV_{s.upper()}_URL": u for s, u in urls.items()}}
    runtime = Runtime(GATEWAY, Settings.from_env("gateway", environ))
    runtime.create_all()
    app = create_app(runtime=runtime)
    app.testing = True
    app.extensions["gateway_accounts"].create("petra@example.org", "Petra Rau", ["newsletter.editor"], PASSWORD)
    client = app.test_client()
    page = client.get("/anmelden").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/anmelden", data={"csrf_token": token, "email": "petra@example.org",
                                          "password": PASSWORD}).status_code == 302
    yield client
    runtime.engine.dispose()


def test_the_cockpit_script_and_its_json_are_reachable_through_the_gateway(newsletter_server, gateway_client):
    rt, _ = newsletter_server
    add_topics(rt)
    confirmed_subscriber(rt, "leser@example.org", "Lea")
    nid = news.create_news(rt.uow(), title="Repair-Café öffnet", summary="Jeden Samstag.", actor="pr",
                           status="approved")["id"]
    iid = issues.create_issue(rt.uow(), title="Ausgabe August", news_ids=[nid], actor="pr")["id"]
    issues.schedule(rt.uow(), iid, at=None, actor="pr")

    resp = gateway_client.get(f"/intern/newsletter/ausgaben/{iid}/versand", headers={"Accept": "text/html"})
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    csp = resp.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1).split()
    assert script_src == ["'self'"]  # what the browser enforces: same-origin files only, nothing inline
    page = assert_csp_clean(resp.get_data(as_text=True))

    scripts = {a["src"].rsplit("/", 1)[1]: a for a in page.all("script")}
    assert sorted(scripts) == ["cockpit.js", "picker.js"]  # the page's own and the base layout's (the kit's)
    script = scripts["cockpit.js"]
    for each in scripts.values():
        js = gateway_client.get(each["src"])
        assert js.status_code == 200 and js.mimetype in JS_TYPES
        assert js.headers["X-Content-Type-Options"] == "nosniff"  # so the JavaScript type above is what counts
    assert "fetch(" in gateway_client.get(script["src"]).get_data(as_text=True)
    # the kit's stylesheet and the newsletter's own come the same way
    sheets = [a["href"] for a in page.all("link") if a.get("rel") == "stylesheet"]
    assert len(sheets) == 2 and all(gateway_client.get(css).status_code == 200 for css in sheets)

    box = Page(resp.get_data(as_text=True)).by_id("fortschritt")
    progress = gateway_client.get(box["data-url"], headers={"Accept": "application/json"})
    assert progress.status_code == 200 and progress.mimetype == "application/json"
    assert {"status", "sent", "total", "rate", "eta_seconds", "percent", "done"} <= set(progress.get_json())
    assert progress.get_json()["status"] == "scheduled"

    anonymous = gateway_client.application.test_client()
    assert anonymous.get(script["src"]).status_code == 302  # the gateway asks for a login, as for every page
