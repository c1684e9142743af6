"""Login, logout, CSRF, rate limit and lockout, the admin UI for users and roles, API tokens."""

import re

from .support import PASSWORD, add_user, csrf_of, login


def test_login_sets_a_hardened_session_cookie_and_redirects_to_next(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "anna@example.org", ["programmes.editor"])
    client = app.test_client()
    response = login(client, "Anna@Example.org", next_url="/intern/programmes/")
    assert response.status_code == 302 and response.headers["Location"] == "/intern/programmes/"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("aktiv_gateway=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_refuses_a_foreign_next_url(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "anna@example.org", ["viewer"])
    response = login(app.test_client(), "anna@example.org", next_url="//evil.example/")
    assert response.headers["Location"] == "/intern/"


def test_wrong_password_is_refused_in_german(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "anna@example.org", ["viewer"])
    response = login(app.test_client(), "anna@example.org", "falsches-passwort-123")
    assert response.status_code == 401
    assert "E-Mail-Adresse oder Passwort ist falsch." in response.get_data(as_text=True)


def test_login_form_without_csrf_token_is_refused(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "anna@example.org", ["viewer"])
    client = app.test_client()
    response = client.post("/anmelden", data={"email": "anna@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/intern/").status_code == 302  # still not logged in


def test_account_locks_after_five_failures_even_for_the_right_password(fake, make_gateway):
    app = make_gateway(fake.url)
    user = add_user(app, "anna@example.org", ["viewer"])
    client = app.test_client()
    for _ in range(5):
        login(client, "anna@example.org", "falsches-passwort-123")
    response = login(client, "anna@example.org")
    assert response.status_code == 401 and "gesperrt" in response.get_data(as_text=True)
    app.extensions["gateway_accounts"].unlock(user.id)
    assert login(client, "anna@example.org").status_code == 302


def test_login_attempts_are_rate_limited_per_address(fake, make_gateway):
    app = make_gateway(fake.url)
    app.config["GATEWAY_LOGIN_LIMIT"] = "3 per minute"
    client = app.test_client()
    statuses = [login(client, f"x{i}@example.org", "falsches-passwort-123").status_code for i in range(4)]
    assert statuses == [401, 401, 401, 429]
    token = csrf_of(client.get("/anmelden").get_data(as_text=True))
    page = client.post("/anmelden", data={"csrf_token": token, "email": "a@example.org", "password": "x"},
                       headers={"Accept": "text/html"})
    assert page.status_code == 429 and "Zu viele Anfragen" in page.get_data(as_text=True)


def test_the_login_limit_is_a_setting(fake, make_gateway):
    app = make_gateway(fake.url)
    assert app.config["GATEWAY_LOGIN_LIMIT"] == "10 per minute; 50 per hour"  # the default
    client = make_gateway(fake.url, env={"AKTIV_GATEWAY_LOGIN_LIMIT": "2/minute"}).test_client()
    statuses = [login(client, f"y{i}@example.org", "falsches-passwort-123").status_code for i in range(3)]
    assert statuses == [401, 401, 429]


def test_logout_ends_the_session_on_the_server(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "anna@example.org", ["viewer"])
    client = app.test_client()
    login(client, "anna@example.org")
    stolen = client.get_cookie("aktiv_gateway").value
    page = client.get("/abmelden")
    assert client.post("/abmelden", data={"csrf_token": csrf_of(page.get_data(as_text=True))}).status_code == 302
    thief = app.test_client()
    thief.set_cookie("aktiv_gateway", stolen)
    assert thief.get("/intern/").status_code == 302


def test_logout_without_csrf_does_not_log_out(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "anna@example.org", ["viewer"])
    client = app.test_client()
    login(client, "anna@example.org")
    client.post("/abmelden", data={})
    assert client.get("/intern/").status_code == 200


def _admin_client(app):
    add_user(app, "admin@example.org", ["admin"])
    client = app.test_client()
    login(client, "admin@example.org")
    return client


def test_admin_creates_a_user_with_roles_through_the_form(fake, make_gateway):
    app = make_gateway(fake.url)
    client = _admin_client(app)
    page = client.get("/verwaltung/konten/")
    response = client.post("/verwaltung/konten/", data={
        "csrf_token": csrf_of(page.get_data(as_text=True)), "email": "neu@example.org", "name": "Neue Person",
        "password": "ein-sehr-langes-passwort", "roles": ["finance.clerk", "viewer"]})
    assert response.status_code == 302
    created = app.extensions["gateway_accounts"].by_email("neu@example.org")
    assert created.roles == ("finance.clerk", "viewer")
    new_client = app.test_client()
    assert login(new_client, "neu@example.org", "ein-sehr-langes-passwort").status_code == 302


def test_admin_form_shows_german_errors(fake, make_gateway):
    app = make_gateway(fake.url)
    client = _admin_client(app)
    page = client.get("/verwaltung/konten/")
    response = client.post("/verwaltung/konten/", data={
        "csrf_token": csrf_of(page.get_data(as_text=True)), "email": "kaputt", "name": "", "password": "kurz"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Bitte korrigieren Sie die Eingaben" in html
    assert "gültige E-Mail-Adresse" in html


def test_admin_changes_roles_and_deactivates_an_account(fake, make_gateway):
    app = make_gateway(fake.url)
    client = _admin_client(app)
    user = add_user(app, "bert@example.org", ["viewer"])
    bert = app.test_client()
    login(bert, "bert@example.org")
    page = client.get(f"/verwaltung/konten/{user.id}")
    client.post(f"/verwaltung/konten/{user.id}", data={
        "csrf_token": csrf_of(page.get_data(as_text=True)), "name": "Bert", "roles": ["newsletter.editor"]})
    updated = app.extensions["gateway_accounts"].get(user.id)
    assert updated.roles == ("newsletter.editor",) and not updated.active
    assert bert.get("/intern/").status_code == 302  # deactivation ends the session
    history = client.get(f"/verwaltung/konten/{user.id}").get_data(as_text=True)
    # who by name, what in words: the admin (named "admin") changed it, Bert signed in before
    assert "<td>admin</td><td>geändert</td>" in history and "<td>bert</td><td>angemeldet</td>" in history


def test_non_admin_cannot_open_the_account_administration(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "anna@example.org", ["finance.approver"])
    client = app.test_client()
    login(client, "anna@example.org")
    assert client.get("/verwaltung/konten/").status_code == 403


def test_api_token_is_swapped_for_a_service_token_and_revocation_takes_effect(fake, make_gateway, keypair):
    import jwt

    app = make_gateway(fake.url)
    client = _admin_client(app)
    page = client.get("/verwaltung/tokens/")
    created = client.post("/verwaltung/tokens/", data={
        "csrf_token": csrf_of(page.get_data(as_text=True)), "name": "Statistik-Export", "roles": ["viewer"],
        "days": "30"})
    assert created.status_code == 201
    plain = re.search(r"<code>(aktiv_[^<]+)</code>", created.get_data(as_text=True)).group(1)
    stored = app.extensions["gateway_accounts"].tokens()[0]
    assert stored.token_hash != plain and plain not in str(tuple(stored))

    machine = app.test_client()
    body = machine.get("/api/programmes/echo", headers={"Authorization": f"Bearer {plain}"}).get_json()
    forwarded = body["headers"]["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(forwarded, keypair[1].read_bytes(), algorithms=["EdDSA"], audience="aktiv-services")
    assert claims["roles"] == ["viewer"] and claims["kind"] == "api-token"

    page = client.get("/verwaltung/tokens/")
    client.post(f"/verwaltung/tokens/{stored.id}/widerrufen", data={"csrf_token": csrf_of(page.get_data(as_text=True))})
    refused = machine.get("/api/programmes/echo", headers={"Authorization": f"Bearer {plain}"})
    assert refused.status_code == 401 and refused.mimetype == "application/problem+json"


def test_unknown_api_token_is_refused_before_reaching_the_service(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    response = client.get("/api/finance/echo", headers={"Authorization": "Bearer aktiv_nope"})
    assert response.status_code == 401
    assert not [r for r in fake.requests if r["path"].startswith("/api/finance/echo")]


def test_jwks_publishes_the_key_that_verifies_forwarded_tokens(fake, make_gateway):
    import jwt

    app = make_gateway(fake.url)
    add_user(app, "anna@example.org", ["viewer"])
    client = app.test_client()
    login(client, "anna@example.org")
    jwks = client.get("/.well-known/jwks.json").get_json()
    token = client.get("/api/programmes/echo").get_json()["headers"]["Authorization"][7:]
    key = jwt.PyJWKSet.from_dict(jwks)[jwt.get_unverified_header(token)["kid"]]
    assert jwt.decode(token, key.key, algorithms=["EdDSA"], audience="aktiv-services")["sub"]


def test_staff_changes_their_own_password(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "anna@example.org", ["viewer"])
    client = app.test_client()
    login(client, "anna@example.org")
    page = client.get("/konto/passwort")
    wrong = client.post("/konto/passwort", data={"csrf_token": csrf_of(page.get_data(as_text=True)),
                                                 "current": "falsch-falsch-falsch", "new": "neues-langes-passwort",
                                                 "repeat": "neues-langes-passwort"})
    assert wrong.status_code == 422 and "bisherige Passwort ist falsch" in wrong.get_data(as_text=True)
    page = client.get("/konto/passwort")
    done = client.post("/konto/passwort", data={"csrf_token": csrf_of(page.get_data(as_text=True)),
                                                "current": PASSWORD, "new": "neues-langes-passwort",
                                                "repeat": "neues-langes-passwort"})
    assert done.status_code == 302
    assert login(app.test_client(), "anna@example.org", "neues-langes-passwort").status_code == 302
    assert login(app.test_client(), "anna@example.org", PASSWORD).status_code == 401


def test_changing_the_password_ends_the_accounts_other_sessions(fake, make_gateway):
    """ASVS 3.3.3: Anna is signed in on two devices; she changes her password on one, the other is signed out
    (and so is anyone who had copied the session cookie). The device she changed it on stays signed in."""
    app = make_gateway(fake.url)
    add_user(app, "anna@example.org", ["viewer"])
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "anna@example.org")
    login(phone, "anna@example.org")
    old_laptop_cookie = laptop.get_cookie("aktiv_gateway").value
    assert phone.get("/intern/").status_code == 200
    page = laptop.get("/konto/passwort")
    done = laptop.post("/konto/passwort", data={"csrf_token": csrf_of(page.get_data(as_text=True)),
                                                "current": PASSWORD, "new": "neues-langes-passwort",
                                                "repeat": "neues-langes-passwort"})
    assert done.status_code == 302
    assert "Andere Anmeldungen mit diesem Konto sind beendet" in laptop.get("/intern/").get_data(as_text=True)
    assert laptop.get("/intern/").status_code == 200
    phone_answer = phone.get("/intern/")
    assert phone_answer.status_code == 302 and phone_answer.headers["Location"].startswith("/anmelden")
    copied = app.test_client()
    copied.set_cookie("aktiv_gateway", old_laptop_cookie)
    assert copied.get("/intern/").status_code == 302, "the session from before the change is over too"


def test_an_admin_password_reset_ends_every_session_of_that_account(fake, make_gateway):
    app = make_gateway(fake.url)
    admin = _admin_client(app)
    bert_account = add_user(app, "bert@example.org", ["viewer"])
    bert = app.test_client()
    login(bert, "bert@example.org")
    assert bert.get("/intern/").status_code == 200
    page = admin.get(f"/verwaltung/konten/{bert_account.id}")
    saved = admin.post(f"/verwaltung/konten/{bert_account.id}", data={
        "csrf_token": csrf_of(page.get_data(as_text=True)), "name": "Bert", "roles": ["viewer"], "active": "y",
        "password": "zurueckgesetzt-und-lang"})
    assert saved.status_code == 302
    assert bert.get("/intern/").status_code == 302
    assert admin.get("/verwaltung/konten/").status_code == 200, "the admin's own session goes on"
    history = admin.get(f"/verwaltung/konten/{bert_account.id}").get_data(as_text=True)
    assert "Passwort gesetzt" in history and "beendete Anmeldungen: 1" in history
