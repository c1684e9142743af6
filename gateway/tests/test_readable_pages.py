"""What a reader sees instead of codes and machine formats (issue 12): decision outcomes and role names,
an account's history as sentences, Berlin time with "Uhr", one number format, dates in the charts, downloads
named by the thing."""

from __future__ import annotations

import re

import pytest

from .support import add_user, csrf_of, login


def test_the_funded_micro_projects_show_the_decision_by_its_name(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    html = client.get("/engagement").get_data(as_text=True)
    row = re.search(r"<td>Sommerfest</td>.*?</tr>", html, re.S).group(0)
    assert "<td>bewilligt</td>" in row and "approved" not in html
    assert "1.500,00 €" in row and "02.02.2026" in row
    client.set_cookie("aktiv_lang", "en")
    english = client.get("/engagement").get_data(as_text=True)
    assert "<td>approved</td>" in english and "€1,500.00" in english


def test_staff_landing_and_account_list_name_the_roles(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "admin@example.org", ["admin"])
    add_user(app, "fritz@example.org", ["finance.clerk", "viewer"])
    client = app.test_client()
    login(client, "fritz@example.org")
    landing = client.get("/intern/").get_data(as_text=True)
    assert "Finanzen: Sachbearbeitung, Nur lesen" in landing and "finance.clerk" not in landing
    admin = app.test_client()
    login(admin, "admin@example.org")
    users = admin.get("/verwaltung/konten/").get_data(as_text=True)
    row = re.search(r"fritz@example.org</a>.*?</tr>", users, re.S).group(0)
    assert "Finanzen: Sachbearbeitung, Nur lesen" in row and "finance.clerk" not in row


def test_an_accounts_history_reads_as_who_did_what_without_json(fake, make_gateway):
    app = make_gateway(fake.url)
    accounts = app.extensions["gateway_accounts"]
    accounts.create("admin@example.org", "Anna Admin", ["admin"], "richtig-langes-passwort")
    user = add_user(app, "bea@example.org", ["participation.editor"])
    client = app.test_client()
    login(client, "admin@example.org")
    page = client.get(f"/verwaltung/konten/{user.id}").get_data(as_text=True)
    client.post(f"/verwaltung/konten/{user.id}", data={"csrf_token": csrf_of(page), "name": "Bea Beteiligung",
                                                       "roles": ["viewer"], "active": "y"})
    html = client.get(f"/verwaltung/konten/{user.id}").get_data(as_text=True)
    history = html[html.index("<h2>Protokoll</h2>"):]
    latest = re.search(r"<tbody><tr>(.*?)</tr>", history, re.S).group(1)
    assert re.search(r"<td>\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr</td><td>Anna Admin</td><td>geändert</td>", latest)
    assert "Name: Bea Beteiligung" in latest and "Rollen: Nur lesen" in latest and "Konto aktiv: ja" in latest
    assert "{" not in history and "viewer" not in history and "updated" not in history
    assert "<td>angelegt</td>" in history and "Beteiligung und Engagement bearbeiten" in history
    client.set_cookie("aktiv_lang", "en")
    english = client.get(f"/verwaltung/konten/{user.id}").get_data(as_text=True)
    assert "<td>changed</td>" in english and "Roles: Read only" in english and "Account active: yes" in english


def test_the_indicator_chart_writes_dates_and_numbers_as_the_reader_does(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    svg = re.search(r"<svg class=\"chart\".*?</svg>", client.get("/projekte/demo-juze-truck").get_data(as_text=True),
                    re.S).group(0)
    assert ">30.06.2025</text>" in svg and "31.12.2025: 95 Personen" in svg and "2025-06-30" not in svg
    assert "Ziel 120" in svg and "Ausgangswert 20" in svg
    client.set_cookie("aktiv_lang", "en")
    english = client.get("/projekte/demo-juze-truck").get_data(as_text=True)
    assert ">30 Jun 2025</text>" in english and "Target 120" in english and "Baseline 20" in english


@pytest.mark.parametrize("value,german,english", [
    ("2030-07-01T16:00:00+00:00", "01.07.2030, 18:00 Uhr", "1 Jul 2030, 18:00"),  # summer time: UTC+2
    ("2030-12-01T16:00:00+00:00", "01.12.2030, 17:00 Uhr", "1 Dec 2030, 17:00"),  # winter time: UTC+1
    ("2030-03-14T15:00:00+01:00", "14.03.2030, 15:00 Uhr", "14 Mar 2030, 15:00"),
    ("2030-03-14", "14.03.2030", "14 Mar 2030"),
])
def test_times_on_the_public_site_are_berlin_time(make_gateway, fake, value, german, english):
    from gateway.public_site.i18n import datum

    app = make_gateway(fake.url)
    with app.test_request_context("/"):
        assert datum(value) == german
    with app.test_request_context("/?lang=en"):
        assert datum(value) == english


def test_an_event_late_on_the_last_evening_of_a_month_belongs_to_that_month_in_berlin():
    from gateway.public_site.events import berlin_month

    assert berlin_month("2030-01-31T23:30:00+00:00") == "2030-02"  # 00:30 Uhr on 1 February
    assert berlin_month("2030-06-30T21:30:00+00:00") == "2030-06"  # 23:30 Uhr on 30 June


@pytest.mark.parametrize("value,german,english", [
    ("1234.5", "1.234,5", "1,234.5"), ("120", "120", "120"), ("0.25", "0,25", "0.25"),
    ("12.50", "12,5", "12.5"), (None, "–", "–"),
])
def test_measured_values_have_the_one_number_format(make_gateway, fake, value, german, english):
    from gateway.public_site.i18n import zahl

    app = make_gateway(fake.url)
    with app.test_request_context("/"):
        assert zahl(value) == german
    with app.test_request_context("/?lang=en"):
        assert zahl(value) == english


def test_the_calendar_file_of_an_event_is_named_by_its_title(fake, make_gateway):
    response = make_gateway(fake.url).test_client().get("/veranstaltungen/demo-event-1.ics")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=Repair-Cafe.ics;")
    assert "filename*=UTF-8''Repair-Caf%C3%A9.ics" in response.headers["Content-Disposition"]


def test_the_result_pages_and_the_gateways_own_refusals_follow_the_language(fake, make_gateway):
    from servicekit.config import SERVICES

    from .support import free_port

    client = make_gateway(fake.url).test_client()
    client.set_cookie("aktiv_lang", "en")
    confirmed = client.get("/newsletter/bestaetigen?token=good").get_data(as_text=True)
    assert "Thank you! Your newsletter subscription is confirmed." in confirmed and "Vielen Dank" not in confirmed
    volunteered = client.get("/engagement/bestaetigen?token=good").get_data(as_text=True)
    assert "Your registration is confirmed" in volunteered and "<h1>Volunteering</h1>" in volunteered
    dead = f"http://127.0.0.1:{free_port()}"
    away = make_gateway({s: (dead if s == "newsletter" else fake.url) for s in SERVICES}).test_client()
    away.set_cookie("aktiv_lang", "en")
    html = away.post("/newsletter/abmelden?token=t", data={"List-Unsubscribe": "One-Click"}).get_data(as_text=True)
    assert "Unsubscribing is not possible right now. Please try again later." in html
