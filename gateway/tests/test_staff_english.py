"""The staff pages in English (German stays the default): login with its refusals, staff landing, account and
token administration, password, logout, the language switch and the HTML error pages."""

from __future__ import annotations

import re

from .support import PASSWORD, add_user, csrf_of, free_port, login


def _english(client) -> None:
    client.set_cookie("aktiv_lang", "en")


def _admin(app, *, english: bool = True):
    add_user(app, "admin@example.org", ["admin"])
    client = app.test_client()
    login(client, "admin@example.org")
    if english:
        _english(client)
    return client


def test_login_page_in_english_by_query_and_the_choice_is_remembered(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    page = client.get("/anmelden?lang=en")
    html = page.get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "<h1>Staff login</h1>" in html and '<button type="submit">Sign in</button>' in html
    assert '<label for="email">E-mail address' in html and '<label for="password">Password' in html
    assert "After five failed attempts the account is locked for 15 minutes." in html
    assert "Anmeldung für Mitarbeitende" not in html
    cookie = next(c for c in page.headers.getlist("Set-Cookie") if c.startswith("aktiv_lang="))
    assert cookie.startswith("aktiv_lang=en;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get_cookie("aktiv_lang").value == "en"


def test_wrong_password_is_refused_in_english(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "anna@example.org", ["viewer"])
    client = app.test_client()
    client.get("/anmelden?lang=en")  # remembered: the form post that follows is answered in English
    response = login(client, "anna@example.org", "falsches-passwort-123")
    html = response.get_data(as_text=True)
    assert response.status_code == 401 and '<html lang="en">' in html
    assert "Sign-in failed" in html and "The e-mail address or the password is wrong." in html
    assert "falsch" not in html


def test_lockout_message_in_english(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "anna@example.org", ["viewer"])
    client = app.test_client()
    _english(client)
    for _ in range(5):
        login(client, "anna@example.org", "falsches-passwort-123")
    response = login(client, "anna@example.org")
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "This account is locked for 15 minutes after too many failed attempts." in html
    assert "gesperrt" not in html


def test_login_form_errors_in_english(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    _english(client)
    page = client.get("/anmelden")
    response = client.post("/anmelden", data={"csrf_token": csrf_of(page.get_data(as_text=True)), "email": "x"})
    html = response.get_data(as_text=True)
    assert "Please correct the entries" in html and "Please enter a valid e-mail address." in html
    assert "This field is required." in html and "Bitte" not in html


def test_staff_landing_in_english(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "nl@example.org", ["newsletter.editor", "programmes.editor"])
    client = app.test_client()
    login(client, "nl@example.org")
    html = client.get("/intern/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html and "Welcome, nl" in html and "Your roles:" in html
    assert ">Programmes and projects</a>" in html and ">Newsletter</a>" in html
    for label in ("Departments", "API documentation", "Change password", "Sign out"):
        assert f">{label}</a>" in html
    assert "Unsubscribe" not in html  # "Abmelden" of the staff pages is "Sign out", not the newsletter's
    # the switch back to German points to the page without ?lang=en (which would win over the cookie)
    assert 'href="/sprache/de?next=/intern/"' in html and 'lang="de"' in html
    back = client.get("/sprache/de?next=/intern/")
    assert back.headers["Location"] == "/intern/"
    german = client.get("/intern/").get_data(as_text=True)
    assert '<html lang="de">' in german and "Willkommen, nl" in german


def test_german_stays_the_default_on_the_staff_pages(fake, make_gateway):
    app = make_gateway(fake.url)
    client = _admin(app, english=False)
    login_page = app.test_client().get("/anmelden")
    assert '<button type="submit">Anmelden</button>' in login_page.get_data(as_text=True)
    assert not [c for c in login_page.headers.getlist("Set-Cookie") if c.startswith("aktiv_lang=")]
    landing = client.get("/intern/").get_data(as_text=True)
    assert '<html lang="de">' in landing and "Willkommen, admin" in landing and ">Abmelden</a>" in landing
    users = client.get("/verwaltung/konten/").get_data(as_text=True)
    assert "Konten und Rollen" in users and "Administration (alle Rechte)" in users and "Nur lesen" in users
    assert 'href="/sprache/en?next=/verwaltung/konten/"' in users
    tokens = client.get("/verwaltung/tokens/").get_data(as_text=True)
    assert "API-Tokens für Maschinen-Clients" in tokens and "Gültig für Tage" in tokens


def test_admin_users_page_in_english(fake, make_gateway):
    app = make_gateway(fake.url)
    client = _admin(app)
    page = client.get("/verwaltung/konten/")
    html = page.get_data(as_text=True)
    assert '<html lang="en">' in html and "<h1>Accounts and roles</h1>" in html
    assert ">E-mail</th>" in html and ">Roles</th>" in html and ">active<" in html
    assert "<legend>Roles</legend>" in html and "Initial password (at least 12 characters)" in html
    assert "Administration (all rights)" in html and "Finance: approval (four-eyes principle)" in html
    assert "Read only" in html and "Nur lesen" not in html
    assert '<button type="submit">Create account</button>' in html
    assert ">Accounts</a>" in html and ">API tokens</a>" in html

    refused = client.post("/verwaltung/konten/", data={
        "csrf_token": csrf_of(html), "email": "kaputt", "name": "", "password": "kurz"})
    errors = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Please correct the entries" in errors
    assert "Please enter a valid e-mail address." in errors and "gültig" not in errors

    created = client.post("/verwaltung/konten/", data={
        "csrf_token": csrf_of(html), "email": "neu@example.org", "name": "Neue Person",
        "password": "ein-sehr-langes-passwort", "roles": ["viewer"]}, follow_redirects=True)
    shown = created.get_data(as_text=True)
    assert "Account for neu@example.org created." in shown and "<h1>Account neu@example.org</h1>" in shown
    assert "Account active" in shown and "Lift the lock after failed attempts" in shown
    assert "<h2>History</h2>" in shown and '<button type="submit">Save</button>' in shown

    duplicate = client.post("/verwaltung/konten/", data={
        "csrf_token": csrf_of(html), "email": "neu@example.org", "name": "Noch einmal", "roles": ["viewer"]})
    assert "There is already an account for neu@example.org." in duplicate.get_data(as_text=True)


def test_admin_cannot_remove_own_admin_role_message_in_english(fake, make_gateway):
    app = make_gateway(fake.url)
    client = _admin(app)
    me = app.extensions["gateway_accounts"].by_email("admin@example.org")
    page = client.get(f"/verwaltung/konten/{me.id}")
    response = client.post(f"/verwaltung/konten/{me.id}", data={
        "csrf_token": csrf_of(page.get_data(as_text=True)), "name": "Admin", "roles": ["viewer"], "active": "y"})
    assert response.status_code == 422
    assert "You cannot take away your own administration role" in response.get_data(as_text=True)


def test_tokens_page_in_english(fake, make_gateway):
    app = make_gateway(fake.url)
    client = _admin(app)
    page = client.get("/verwaltung/tokens/")
    html = page.get_data(as_text=True)
    assert '<html lang="en">' in html and "<h1>API tokens for machine clients</h1>" in html
    assert "Name of the token (what for?)" in html and "Valid for days" in html and "Read only" in html
    assert '<button type="submit">Create token</button>' in html
    created = client.post("/verwaltung/tokens/", data={
        "csrf_token": csrf_of(html), "name": "Statistik-Export", "roles": ["viewer"], "days": "30"})
    shown = created.get_data(as_text=True)
    assert created.status_code == 201 and "New token (shown only now, please store it safely):" in shown
    assert ">Valid until</th>" in shown and ">Last used</th>" in shown and "Revoke<span" in shown
    token_id = re.search(r'action="/verwaltung/tokens/([^/]+)/widerrufen"', shown).group(1)
    revoked = client.post(f"/verwaltung/tokens/{token_id}/widerrufen", data={"csrf_token": csrf_of(shown)},
                          follow_redirects=True)
    listed = revoked.get_data(as_text=True)
    assert "Token revoked. It is no longer valid." in listed and "revoked on " in listed


def test_password_change_and_logout_in_english(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "anna@example.org", ["viewer"])
    client = app.test_client()
    login(client, "anna@example.org")
    _english(client)
    page = client.get("/konto/passwort").get_data(as_text=True)
    assert "<h1>Change password</h1>" in page and "Current password" in page and "Repeat the new password" in page
    mismatch = client.post("/konto/passwort", data={"csrf_token": csrf_of(page), "current": PASSWORD,
                                                    "new": "neues-langes-passwort", "repeat": "anderes-passwort"})
    assert mismatch.status_code == 422 and "The two new passwords do not match." in mismatch.get_data(as_text=True)
    wrong = client.post("/konto/passwort", data={"csrf_token": csrf_of(page), "current": "falsch-falsch-falsch",
                                                 "new": "neues-langes-passwort", "repeat": "neues-langes-passwort"})
    assert wrong.status_code == 422 and "The current password is wrong." in wrong.get_data(as_text=True)
    done = client.post("/konto/passwort", data={"csrf_token": csrf_of(page), "current": PASSWORD,
                                                "new": "neues-langes-passwort", "repeat": "neues-langes-passwort"},
                       follow_redirects=True)
    assert "Your password has been changed." in done.get_data(as_text=True)
    logout = client.get("/abmelden").get_data(as_text=True)
    assert "<h1>Sign out</h1>" in logout and "Signed in as anna (anna@example.org)." in logout
    assert '<button type="submit">Sign out now</button>' in logout
    out = client.post("/abmelden", data={"csrf_token": csrf_of(logout)}, follow_redirects=True)
    assert "You are signed out." in out.get_data(as_text=True)


def test_stopped_department_service_gives_an_english_page(make_gateway):
    app = make_gateway(f"http://127.0.0.1:{free_port()}")
    add_user(app, "viewer@example.org", ["viewer"])
    client = app.test_client()
    login(client, "viewer@example.org")
    _english(client)
    page = client.get("/intern/finance/", headers={"Accept": "text/html"})
    html = page.get_data(as_text=True)
    assert page.status_code == 502 and page.mimetype == "text/html" and '<html lang="en">' in html
    assert "<h1>Service unavailable</h1>" in html
    assert "The service “Finance and funding” cannot be reached at the moment." in html
    assert "To the overview of the departments" in html
    # machines keep the German problem+json
    api = client.get("/api/finance/grants")
    assert api.mimetype == "application/problem+json" and "nicht erreichbar" in api.get_json()["detail"]


def test_problem_pages_on_staff_paths_follow_the_language(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "viewer@example.org", ["viewer"])
    client = app.test_client()
    login(client, "viewer@example.org")
    _english(client)
    unknown = client.get("/intern/nosuch/", headers={"Accept": "text/html"})
    assert unknown.status_code == 404 and unknown.mimetype == "text/html"
    assert "There is no service “nosuch”." in unknown.get_data(as_text=True)
    refused = client.get("/intern/finance/verboten", headers={"Accept": "text/html"})
    assert refused.status_code == 403 and "<h1>No permission</h1>" in refused.get_data(as_text=True)
    admin_only = client.get("/verwaltung/konten/", headers={"Accept": "text/html"})
    html = admin_only.get_data(as_text=True)
    assert admin_only.status_code == 403 and "Only administrators may manage accounts." in html
    not_found = client.get("/gibt-es-nicht", headers={"Accept": "text/html"})
    assert not_found.status_code == 404 and "This page does not exist (any more)." in not_found.get_data(as_text=True)
    german = app.test_client()
    login(german, "viewer@example.org")
    page = german.get("/intern/nosuch/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert '<html lang="de">' in page and "Einen Dienst „nosuch“ gibt es nicht." in page
