"""The gateway's own forms (login, logout, account and token administration, public newsletter and event
forms) refuse a missing or wrong CSRF token and change nothing when they do. Forms are read from the pages."""

from __future__ import annotations

from sqlalchemy import func, select

from .conftest import add_user, login
from .crawl import parse

# RFC 8058 one-click unsubscribe: mail clients POST without a CSRF token by design (the unguessable token in
# the URL is the proof, and it can only remove a subscription); documented in gateway/public_site/newsletter.py.
EXEMPT_ACTIONS = ("/newsletter/abmelden",)
WRONG = "IjRmZmE4ZGIx.ZxYz.gefaelscht"


def _row_counts(runtime) -> dict[str, int]:
    with runtime.engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in runtime.spec.metadata.sorted_tables if t.name != "audit_log"}


def test_every_gateway_form_refuses_missing_and_wrong_csrf_tokens(platform):
    gateway = platform.gateway
    add_user(gateway, "formadmin@example.org", ["admin"])
    add_user(gateway, "formtarget@example.org", ["viewer"])
    target = gateway.extensions["gateway_accounts"]
    admin = gateway.test_client()
    anonymous = gateway.test_client()
    assert login(admin, "formadmin@example.org").status_code == 302
    user_pages = [f"/verwaltung/konten/{u.id}" for u in target.list()]
    pages = {admin: ["/verwaltung/konten/", "/verwaltung/tokens/", "/abmelden", *user_pages[:2]],
             anonymous: ["/anmelden", "/newsletter", "/veranstaltungen/abmelden?token=x"]}
    forms = []
    for client, paths in pages.items():
        for path in paths:
            response = client.get(path, headers={"Accept": "text/html"})
            assert response.status_code == 200, f"{path} → {response.status_code}"
            forms += [(client, f) for f in parse(response.get_data(as_text=True), path)[1]
                      if not f.action.split("?")[0].endswith(EXEMPT_ACTIONS)]
    assert len(forms) >= 6, [f.action for _, f in forms]
    runtime = gateway.extensions["aktiv"]
    accepted = []
    for client, form in forms:
        assert "csrf_token" in form.fields, f"form {form.action} on {form.page} has no CSRF token"
        data = {k: v for k, v in form.fields.items() if k != "csrf_token"}
        before = _row_counts(runtime)
        for label, body in (("missing", data), ("wrong", {**data, "csrf_token": WRONG})):
            response = client.post(form.action, data=body, headers={"Accept": "text/html"})
            if response.status_code != 400:
                accepted.append(f"{form.action} (on {form.page}) with {label} token → {response.status_code}")
        assert _row_counts(runtime) == before, f"{form.action}: data changed although the token was refused"
    assert not accepted, "gateway forms accepted without a valid CSRF token:\n" + "\n".join(accepted)
    assert admin.get("/intern/").status_code == 200, "the refused logout form must not have logged out"
