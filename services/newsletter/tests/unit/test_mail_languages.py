"""Every transactional mail kind exists in German and English, and the whole mail follows that language."""

import pytest

from newsletter.mail import TX_TEMPLATES, IssueTemplate, render_transactional

CONTEXT = {"event": "Stadtteilfest", "starts_at": "2026-06-20T14:00:00", "place": "Bürgerplatz", "seats": 2,
           "position": 3, "cancel_link": "https://aktiv.example/x", "title": "Beiratssitzung", "body": "Beirat",
           "agenda": ["TOP 1: Haushalt"], "link": "https://aktiv.example/s", "opportunity": "Lesepatenschaft",
           "confirm_link": "https://aktiv.example/c", "ttl_hours": 48, "subject": ""}


@pytest.mark.parametrize("kind", TX_TEMPLATES)
def test_each_transactional_kind_has_a_german_and_an_english_version(kind):
    de = render_transactional(kind, "de", "Anna", dict(CONTEXT))
    en = render_transactional(kind, "en", "Anna", dict(CONTEXT))
    assert de.subject and en.subject and de.subject != en.subject
    assert de.text.startswith("Hallo Anna,") and en.text.startswith("Hello Anna,")
    assert 'lang="de"' in de.html and 'lang="en"' in en.html
    assert "Koordinierungsstelle Bürgerschaftliches Engagement" in de.html
    assert "Coordination office for civic engagement" in en.html and "Koordinierungsstelle" not in en.html
    first_line = en.text.split("\n\n", 1)[1].lstrip()
    assert first_line[:1].isupper(), first_line  # after "Hello Anna," an English sentence starts capitalised
    if kind.startswith(("registration", "meeting")):  # the kinds with a date
        assert "20.06.2026, 14:00 Uhr" in de.text and "20 June 2026, 14:00" in en.text and "Uhr" not in en.text


def test_an_unknown_language_falls_back_to_german():
    assert render_transactional("optin", "fr", "", {"confirm_link": "u", "ttl_hours": 1}).text.startswith("Guten Tag,")


def test_the_issue_frame_follows_the_subscriber_language_but_the_news_stay_as_written():
    issue = {"id": "i1", "title": "Ausgabe Mai", "intro": "Neues aus den Stadtteilen."}
    items = [{"title": "Repair-Café", "body": "Jeden Samstag.", "summary": "", "link": "https://x", "funder_notice": ""}]
    de = IssueTemplate(issue, items, "https://aktiv.example", "de").personalise("Olena", "https://u")
    en = IssueTemplate(issue, items, "https://aktiv.example", "en").personalise("Olena", "https://u")
    assert "Hallo Olena," in de.text and "Newsletter abbestellen" in de.text and "Mehr lesen" in de.text
    assert "Hello Olena," in en.text and "Unsubscribe (one click, free of charge)" in en.text
    assert "Read more" in en.text and "All issues in the archive" in en.html
    assert "Jeden Samstag." in en.text and en.subject == de.subject == "Ausgabe Mai"
