"""The public site against a fake upstream: pages, forms, caching, English, degradation, headers."""

import re

import pytest

from servicekit.config import SERVICES

from .support import csrf_of, free_port

HTML = {"Accept": "text/html"}


def test_home_shows_programmes_projects_events_volunteering_and_newsletter_box(fake, make_gateway):
    html = make_gateway(fake.url).test_client().get("/").get_data(as_text=True)
    for text in ("BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier", "JUZE-Truck", "Repair-Café",
                 "Lesepatin oder Lesepate", "Newsletter abonnieren", "Neuer Jugendtreff eröffnet"):
        assert text in html
    assert '<html lang="de">' in html and "nicht angezeigt werden" not in html


def test_home_renders_with_a_german_notice_when_one_service_is_down(fake, make_gateway):
    dead = f"http://127.0.0.1:{free_port()}"
    app = make_gateway({s: (dead if s == "participation" else fake.url) for s in SERVICES})
    response = app.test_client().get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Veranstaltungen können gerade nicht angezeigt werden." in html
    assert "JUZE-Truck" in html  # the rest still renders
    assert "no-cache" in response.headers["Cache-Control"]


def test_public_pages_have_etag_cache_control_and_answer_304(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    first = client.get("/programme")
    assert first.status_code == 200 and "public" in first.headers["Cache-Control"]
    etag = first.headers["ETag"]
    second = client.get("/programme", headers={"If-None-Match": etag})
    assert second.status_code == 304
    calls = [r for r in fake.requests if r["path"].startswith("/api/programmes/public/programmes")]
    assert len(calls) == 1  # the second answer came from the shared cache


def test_programme_page_shows_funder_notice_and_plain_language_summary(fake, make_gateway):
    html = make_gateway(fake.url).test_client().get("/programme/demo-biwaq").get_data(as_text=True)
    assert "Gefördert vom Europäischen Sozialfonds Plus und vom Bund." in html
    assert "In einfacher Sprache" in html and "Hilft Menschen im Stadtteil" in html


def test_unknown_programme_is_a_german_404_page(fake, make_gateway):
    response = make_gateway(fake.url).test_client().get("/programme/gibtsnicht", headers=HTML)
    assert response.status_code == 404 and "Seite nicht gefunden" in response.get_data(as_text=True)


def test_project_page_draws_indicators_as_svg_with_a_data_table(fake, make_gateway):
    html = make_gateway(fake.url).test_client().get("/projekte/demo-juze-truck").get_data(as_text=True)
    svg = re.search(r"<svg class=\"chart\".*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and svg.count("<rect") == 2
    assert "Ziel 120" in svg and "<table>" in html and "95" in html


@pytest.mark.parametrize("path,text", [
    ("/handlungsfelder", "Jugend"), ("/handlungsfelder/jugend", "JUZE-Truck"), ("/stadtteile", "Neugablonz"),
    ("/stadtteile/neugablonz", "Programme"), ("/veranstaltungen", "März 2030"),
    ("/engagement", "Lesepatin"), ("/newsletter/archiv", "Newsletter März"),
    ("/newsletter/archiv/demo-issue-1", "Kommen Sie vorbei."), ("/aktuelles", "Neuer Jugendtreff"),
    ("/suche?q=truck", "JUZE-Truck"), ("/impressum", "Kaiser-Max-Straße 1"), ("/datenschutz", "Double-Opt-in"),
    ("/projekte?q=juze", "JUZE-Truck"), ("/veranstaltungen/demo-event-1", "Bringen Sie kaputte Dinge mit."),
    ("/engagement/demo-opp-1/mitmachen", "Lesepatin"), ("/newsletter", "Jugend"),
])
def test_every_public_page_renders(fake, make_gateway, path, text):
    response = make_gateway(fake.url).test_client().get(path)
    assert response.status_code == 200 and text in response.get_data(as_text=True)


def test_english_switch_translates_the_interface(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    switch = client.get("/sprache/en?next=/programme")
    assert switch.status_code == 302 and switch.headers["Location"] == "/programme"
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and "Current programmes" in html and "Upcoming events" in html


def test_event_registration_form_posts_to_participation(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    page = client.get("/veranstaltungen/demo-event-1")
    response = client.post("/veranstaltungen/demo-event-1", data={
        "csrf_token": csrf_of(page.get_data(as_text=True)), "name": "Eva", "email": "eva@example.org",
        "seats": "2", "consent": "y"})
    assert response.status_code == 200 and "Sie sind angemeldet" in response.get_data(as_text=True)
    sent = fake.last("/api/participation/public/events/demo-event-1/registrations")["json"]
    assert sent == {"name": "Eva", "email": "eva@example.org", "seats": 2, "consent": True, "language": "de"}
    assert response.headers["Cache-Control"] == "no-store"


def _register(client, path="/veranstaltungen/demo-event-1"):
    page = client.get(path)
    return client.post(path, data={"csrf_token": csrf_of(page.get_data(as_text=True)), "name": "Eva",
                                   "email": "eva@example.org", "seats": "1", "consent": "y"})


def test_a_full_event_puts_the_registration_on_the_waiting_list_in_german(fake, make_gateway):
    fake.state["registration_answer"] = {"status": "waiting", "position": 3}
    html = _register(make_gateway(fake.url).test_client()).get_data(as_text=True)
    assert "Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste (Platz 3). Wir schreiben Ihnen, " \
           "sobald ein Platz frei wird." in html
    assert "Sie sind angemeldet" not in html


@pytest.mark.parametrize("answer,text", [
    ({"status": "waiting", "position": 3}, "You are on the waiting list (position 3). We will write to you"),
    ({"status": "waiting"}, "The event is fully booked. You are on the waiting list. We will write to you"),
])
def test_the_waiting_list_message_is_english_after_the_switch(fake, make_gateway, answer, text):
    fake.state["registration_answer"] = answer
    client = make_gateway(fake.url).test_client()
    client.get("/sprache/en")
    html = _register(client).get_data(as_text=True)
    assert text in html and "Warteliste" not in html and "ausgebucht" not in html


def test_cancelling_a_registration_speaks_english_after_the_switch(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    client.get("/sprache/en")
    page = client.get("/veranstaltungen/abmelden?token=abc").get_data(as_text=True)
    assert "Cancel your event registration" in page and "stornieren" not in page
    done = client.post("/veranstaltungen/abmelden", data={"csrf_token": csrf_of(page), "token": "abc"})
    assert "Your registration is cancelled. The place goes to the waiting list." in done.get_data(as_text=True)


def test_event_registration_without_consent_shows_the_error_summary(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    page = client.get("/veranstaltungen/demo-event-1")
    response = client.post("/veranstaltungen/demo-event-1", data={
        "csrf_token": csrf_of(page.get_data(as_text=True)), "name": "Eva", "email": "eva@example.org", "seats": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Bitte korrigieren Sie die Eingaben" in html
    assert not [r for r in fake.requests if r["path"].endswith("/registrations")]


def test_public_form_without_csrf_is_refused(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    response = client.post("/newsletter", data={"email": "eva@example.org", "consent": "y"})
    assert response.status_code == 400
    assert not [r for r in fake.requests if r["path"].startswith("/api/newsletter/public/subscriptions")]


def test_newsletter_subscribe_confirm_and_one_click_unsubscribe(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    page = client.get("/newsletter?email=eva@example.org")
    assert 'value="eva@example.org"' in page.get_data(as_text=True)
    done = client.post("/newsletter", data={"csrf_token": csrf_of(page.get_data(as_text=True)),
                                            "email": "eva@example.org", "topics": ["jugend"], "language": "de",
                                            "consent": "y"})
    assert "Bitte bestätigen Sie das Abonnement" in done.get_data(as_text=True)
    sent = fake.last("/api/newsletter/public/subscriptions")["json"]
    assert sent["topics"] == ["jugend"] and sent["consent"] is True and sent["form"] == "website"
    assert "bestätigt" in client.get("/newsletter/bestaetigen?token=good").get_data(as_text=True)
    bad = client.get("/newsletter/bestaetigen?token=bad")
    assert bad.status_code == 400 and "abgelaufen oder ungültig" in bad.get_data(as_text=True)
    # RFC 8058: a mail client posts without any CSRF token
    out = client.post("/newsletter/abmelden?token=tok123", data={"List-Unsubscribe": "One-Click"})
    assert out.status_code == 200 and "Sie sind abgemeldet" in out.get_data(as_text=True)
    assert fake.last("/api/newsletter/public/unsubscribe")["args"] == {"token": "tok123"}


def test_volunteer_signup_and_confirmation(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    page = client.get("/engagement/demo-opp-1/mitmachen")
    done = client.post("/engagement/demo-opp-1/mitmachen", data={
        "csrf_token": csrf_of(page.get_data(as_text=True)), "name": "Eva", "email": "eva@example.org",
        "consent": "y"})
    assert "Bitte bestätigen Sie Ihre Anmeldung" in done.get_data(as_text=True)
    assert "bestätigt" in client.get("/engagement/bestaetigen?token=t").get_data(as_text=True)


def test_cancel_registration_needs_the_form_with_csrf(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    page = client.get("/veranstaltungen/abmelden?token=abc")
    done = client.post("/veranstaltungen/abmelden", data={"csrf_token": csrf_of(page.get_data(as_text=True)),
                                                          "token": "abc"})
    assert "storniert" in done.get_data(as_text=True)
    assert fake.last("/api/participation/public/registrations/cancel")["json"] == {"token": "abc"}


def test_ical_and_rss_are_passed_through(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    ics = client.get("/veranstaltungen.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar" and b"BEGIN:VCALENDAR" in ics.data
    rss = client.get("/newsletter/rss")
    assert rss.status_code == 200 and b"<rss" in rss.data


def test_security_headers_and_csp_without_inline_scripts(fake, make_gateway):
    response = make_gateway(fake.url).test_client().get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script" not in response.get_data(as_text=True) and " style=" not in response.get_data(as_text=True)


def test_public_forms_are_rate_limited(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    statuses = []
    for _ in range(6):
        page = client.get("/newsletter")
        statuses.append(client.post("/newsletter", data={"csrf_token": csrf_of(page.get_data(as_text=True)),
                                                          "email": "eva@example.org", "consent": "y"}).status_code)
    assert statuses[:5] == [200] * 5 and statuses[5] == 429


def test_a_failing_service_falls_back_to_the_last_good_answer(fake, make_gateway):
    app = make_gateway(fake.url, env={"AKTIV_GATEWAY_PAGE_TTL": "0", "AKTIV_GATEWAY_DATA_TTL": "0"})
    client = app.test_client()
    assert "JUZE-Truck" in client.get("/projekte").get_data(as_text=True)
    fake.server.shutdown()  # the service goes away
    fake.server.server_close()
    response = client.get("/projekte")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "JUZE-Truck" in html
    assert "Projekte: Der Dienst ist gerade nicht erreichbar – Sie sehen den zuletzt bekannten Stand." in html
    assert "no-cache" in response.headers["Cache-Control"]


def test_the_fast_path_answers_a_cached_page_identically_with_headers(fake, make_gateway):
    from servicekit.metrics import HTTP_REQUESTS

    client = make_gateway(fake.url).test_client()
    before = HTTP_REQUESTS.labels("gateway", "GET", "cached-page", "200")._value.get()
    first = client.get("/programme?q=biwaq")
    second = client.get("/programme?q=biwaq")
    assert HTTP_REQUESTS.labels("gateway", "GET", "cached-page", "200")._value.get() == before + 1
    assert second.data == first.data and second.headers["ETag"] == first.headers["ETag"]
    assert "frame-ancestors 'none'" in second.headers["Content-Security-Policy"]
    assert second.headers["Cache-Control"] == "public, max-age=30"
    assert client.get("/programme?q=biwaq", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    english = client.get("/programme?q=biwaq&lang=en")
    assert '<html lang="en">' in english.get_data(as_text=True)


def test_an_unexpected_error_is_a_german_page_for_browsers_and_problem_json_for_machines(fake, make_gateway):
    app = make_gateway(fake.url)
    app.testing = False

    def boom():
        raise RuntimeError("kaputt")

    app.view_functions["public.imprint"] = boom
    client = app.test_client()
    page = client.get("/impressum", headers=HTML)
    assert page.status_code == 500 and "unerwarteter Fehler" in page.get_data(as_text=True)
    assert "kaputt" not in page.get_data(as_text=True)
    machine = client.get("/impressum", headers={"Accept": "application/json"})
    assert machine.status_code == 500 and machine.mimetype == "application/problem+json"


def test_forms_speak_english_after_the_switch(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    client.get("/sprache/en?next=/")
    html = client.get("/newsletter").get_data(as_text=True)
    assert "Newsletter language" in html and "unsubscribe at any time with one click" in html
    assert "Name (optional)" in html


def test_legal_pages_unsubscribe_and_footer_in_english(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    client.get("/sprache/en?next=/")
    imprint = client.get("/impressum").get_data(as_text=True)
    assert "<dt>Represented by</dt>" in imprint and "<dt>Supervisory authority</dt>" in imprint
    assert "Vertreten durch" not in imprint and "Coordination office for civic engagement" in imprint
    privacy = client.get("/datenschutz").get_data(as_text=True)
    assert "<strong>Controller:</strong>" in privacy and "<strong>Data protection officer:</strong>" in privacy
    unsubscribe = client.get("/newsletter/abmelden?token=x").get_data(as_text=True)
    assert "<h1>Unsubscribe from the newsletter</h1>" in unsubscribe
    german = make_gateway(fake.url).test_client().get("/impressum").get_data(as_text=True)
    assert "<dt>Vertreten durch</dt>" in german  # German stays the default
