"""WTForms' own messages on the public and staff forms are in the page's language: German on German pages,
English after the switch (they were English everywhere, since Flask-WTF translates only through Flask-Babel)."""

from __future__ import annotations

import re

import pytest

from .support import csrf_of


def _errors(html: str) -> list[str]:
    return re.findall(r'<p class="error" id="[^"]+-err">([^<]+)</p>', html)


FORMS = [("/newsletter", {}), ("/veranstaltungen/demo-event-1", {"seats": ""}),
         ("/engagement/demo-opp-1/mitmachen", {}), ("/anmelden", {})]


@pytest.mark.parametrize("path,extra", FORMS)
def test_an_empty_form_is_answered_with_german_field_messages(fake, make_gateway, path, extra):
    client = make_gateway(fake.url).test_client()
    page = client.get(path).get_data(as_text=True)
    html = client.post(path, data={"csrf_token": csrf_of(page), **extra}).get_data(as_text=True)
    errors = _errors(html)
    assert errors, html
    assert "Dieses Feld wird benötigt." in errors
    assert "This field is required." not in html


@pytest.mark.parametrize("path,extra", FORMS)
def test_the_same_form_in_english_is_answered_in_english(fake, make_gateway, path, extra):
    client = make_gateway(fake.url).test_client()
    client.set_cookie("aktiv_lang", "en")
    page = client.get(path).get_data(as_text=True)
    html = client.post(path, data={"csrf_token": csrf_of(page), **extra}).get_data(as_text=True)
    assert "This field is required." in _errors(html)
    assert "Dieses Feld" not in html


def test_range_and_length_messages_are_german_too(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    page = client.get("/veranstaltungen/demo-event-1").get_data(as_text=True)
    html = client.post("/veranstaltungen/demo-event-1", data={
        "csrf_token": csrf_of(page), "name": "Eva", "email": "eva@example.org", "seats": "11", "consent": "y"},
    ).get_data(as_text=True)
    assert "Zahl muss zwischen 1 und 10 liegen." in _errors(html)
    client.set_cookie("aktiv_lang", "en")
    html = client.post("/veranstaltungen/demo-event-1", data={
        "csrf_token": csrf_of(page), "name": "Eva", "email": "eva@example.org", "seats": "11", "consent": "y"},
    ).get_data(as_text=True)
    assert "Number must be between 1 and 10." in _errors(html)


@pytest.mark.parametrize("path", ["/newsletter", "/veranstaltungen/demo-event-1", "/engagement/demo-opp-1/mitmachen"])
def test_a_missing_consent_is_asked_for_in_words_not_as_a_required_field(fake, make_gateway, path):
    client = make_gateway(fake.url).test_client()
    page = client.get(path).get_data(as_text=True)
    data = {"csrf_token": csrf_of(page), "name": "Eva", "email": "eva@example.org", "seats": "1"}
    html = client.post(path, data=data).get_data(as_text=True)
    assert _errors(html) == ["Bitte bestätigen Sie Ihre Einwilligung."]
    assert "abmelden.:" not in html and "gespeichert werden.:" not in html  # the summary's label without its full stop
    client.set_cookie("aktiv_lang", "en")
    assert _errors(client.post(path, data=data).get_data(as_text=True)) == ["Please confirm your consent."]
