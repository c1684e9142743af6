"""News items on the department screens (issue 12): an auto-drafted item can be edited with its own site-relative
link and is published as edited; its origin reads in words with the name of what it is about; the readability
score has one number format per language; nobody reads an id."""

from __future__ import annotations

from sqlalchemy import select

from newsletter.adapters.orm import news_item
from newsletter.service_layer import news
from servicekit.readability import amstad

from .screens import IDENTIFIER, csrf, event_published, project_published, ui, visible


def _item(rt, source_id: str) -> dict:
    with rt.engine.connect() as conn:
        return dict(conn.execute(select(news_item).where(news_item.c.source_id == source_id)).mappings().one())


def _published(client) -> dict:
    return {n["id"]: n for n in client.get("/api/newsletter/public/news").json}


def test_an_auto_drafted_item_is_edited_with_its_relative_link_and_published_as_edited(make_client, smtp_sink,
                                                                                       auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    project_published(rt)
    draft = _item(rt, "p-juze")
    assert draft["link"] == "/projekte/p-juze" and draft["status"] == "draft"
    url = f"/intern/newsletter/meldungen/{draft['id']}"
    page = client.get(url, headers=h)
    assert 'value="/projekte/p-juze"' in page.text and ">Speichern und freigeben</button>" in page.text

    edited = client.post(url, headers=h, data={
        "csrf_token": csrf(page.text), "title": "Der Juze-Truck ist unterwegs",
        "summary": "Ab Mai hält der Bus jeden Mittwoch in Neugablonz.", "body": "Alle Jugendlichen sind willkommen.",
        "funder_notice": "Gefördert von der Stadt Kaufbeuren.", "link": "/projekte/p-juze", "approve": "1"})
    assert edited.status_code == 302, visible(edited.text)  # was 422: "Keine gültige Adresse (URL)."
    after = _item(rt, "p-juze")
    assert (after["status"], after["title"], after["link"]) == ("approved", "Der Juze-Truck ist unterwegs",
                                                                 "/projekte/p-juze")
    assert after["approved_by"] == "nina" and after["approved_by_name"] == "Nina Newsletter"
    public = _published(client)[draft["id"]]
    assert public["title"] == "Der Juze-Truck ist unterwegs"  # the edited text, not the draft's
    assert public["summary"] == "Ab Mai hält der Bus jeden Mittwoch in Neugablonz." and public["link"] == "/projekte/p-juze"
    done = client.get(edited.headers["Location"], headers=h).text
    assert "Gespeichert und freigegeben." in done and "Nina Newsletter, " in visible(done)


def test_saving_first_and_approving_from_the_queue_publishes_the_saved_text(make_client, smtp_sink, auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    event_published(rt)
    draft = _item(rt, "e-fest")
    url = f"/intern/newsletter/meldungen/{draft['id']}"
    token = csrf(client.get(url, headers=h).text)
    saved = client.post(url, headers=h, data={"csrf_token": token, "title": "Stadtteilfest im Haken",
                                              "summary": "Musik, Essen und Spiele.", "link": "/veranstaltungen"})
    assert saved.status_code == 302 and _item(rt, "e-fest")["status"] == "draft"  # "Speichern" alone: still a draft
    decided = client.post(f"/intern/newsletter/meldungen/{draft['id']}/entscheidung", headers=h,
                          data={"csrf_token": token, "approve": "Freigeben"})
    assert decided.status_code == 302
    assert _published(client)[draft["id"]]["title"] == "Stadtteilfest im Haken"


def test_a_link_that_is_no_web_address_or_site_page_is_refused_in_german_and_nothing_is_saved(
        make_client, smtp_sink, auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    project_published(rt)
    draft = _item(rt, "p-juze")
    url = f"/intern/newsletter/meldungen/{draft['id']}"
    token = csrf(client.get(url, headers=h).text)
    for bad in ("javascript:alert(1)", "//fremde-seite.example/x", "projekte/p-juze", "www.kaufbeuren.de"):
        refused = client.post(url, headers=h, data={"csrf_token": token, "title": "Geändert", "link": bad,
                                                    "approve": "1"})
        assert refused.status_code == 422, bad
        assert "Bitte eine Webadresse wie „https://www.kaufbeuren.de/…“ oder eine Seite dieser Website wie " \
               "„/projekte/…“ eingeben." in refused.text
        assert _item(rt, "p-juze")["title"] == draft["title"] and _item(rt, "p-juze")["status"] == "draft"
    english = client.post(url + "?lang=en", headers=h, data={"csrf_token": token, "title": "Geändert",
                                                             "link": "ftp://x.example"})
    assert "Please enter a web address such as" in english.text
    ok = client.post(url, headers=h, data={"csrf_token": token, "title": "Geändert",
                                           "link": "https://www.kaufbeuren.de/aktiv?x=1"})
    assert ok.status_code == 302 and _item(rt, "p-juze")["link"] == "https://www.kaufbeuren.de/aktiv?x=1"


def test_the_api_accepts_a_site_relative_link_and_refuses_others_in_german(make_client, smtp_sink, auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    api = {"Authorization": h["Authorization"]}
    ok = client.post("/api/newsletter/news", headers=api, json={"title": "Neues Projekt", "link": "/projekte/x"})
    assert ok.status_code == 201 and ok.json["link"] == "/projekte/x"
    bad = client.post("/api/newsletter/news", headers=api, json={"title": "Neues Projekt", "link": "javascript:x"})
    assert bad.status_code == 422
    assert "Bitte eine Webadresse" in str(bad.json)


def test_origin_in_words_with_the_name_of_the_event_never_its_code_or_id(make_client, smtp_sink, auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    event_published(rt)
    project_published(rt)
    news.create_news(rt.uow(), title="Repair-Café öffnet", summary="Jeden Samstag.", actor="nina")
    listing = visible(client.get("/intern/newsletter/meldungen", headers=h).text)
    assert "Veranstaltung veröffentlicht (Netzwerkarbeit) „Stadtteilfest Haken“" in listing
    assert "Projekt veröffentlicht (Programmbüro) „Juze-Truck“" in listing and "von Hand geschrieben" in listing
    draft = _item(rt, "e-fest")
    editor = visible(client.get(f"/intern/newsletter/meldungen/{draft['id']}", headers=h).text)
    assert "Herkunft Veranstaltung veröffentlicht (Netzwerkarbeit): „Stadtteilfest Haken“" in editor
    assert "Angelegt automatisch (Netzwerkarbeit), " in editor
    for text in (listing, editor):
        assert not IDENTIFIER.search(text), IDENTIFIER.search(text)
    english = visible(client.get("/intern/newsletter/meldungen?lang=en", headers=h).text)
    assert "Event published (network office) “Stadtteilfest Haken”" in english
    assert "written by hand" in english and "Veranstaltung veröffentlicht" not in english
    only_events = visible(client.get("/intern/newsletter/meldungen?herkunft=participation.event.published",
                                     headers=h).text)
    assert "Stadtteilfest Haken" in only_events and "Juze-Truck" not in only_events
    api = client.get(f"/api/newsletter/news/{draft['id']}", headers={"Authorization": h["Authorization"]}).json
    assert api["source_label"] == "Veranstaltung veröffentlicht (Netzwerkarbeit)"
    assert api["source_name"] == "Stadtteilfest Haken"


def test_an_events_time_in_the_draft_is_kaufbeuren_time(make_client, smtp_sink, auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    event_published(rt, starts_at="2026-06-20T12:00:00+00:00")  # 14:00 in Kaufbeuren (summer time)
    event_published(rt, event_id="e-winter", title="Adventsmarkt", starts_at="2026-12-05T15:30:00Z")
    assert _item(rt, "e-fest")["summary"].startswith("Am 20.06.2026, 14:00 Uhr in Bürgerplatz.")
    assert _item(rt, "e-winter")["summary"].startswith("Am 05.12.2026, 16:30 Uhr in Bürgerplatz.")


def test_the_readability_score_has_one_number_format_per_language(make_client, smtp_sink, auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    summary = "Der Bus kommt am Mittwoch. Alle sind willkommen. Wir spielen und reden."
    nid = news.create_news(rt.uow(), title="Der Bus kommt", summary=summary, actor="nina")["id"]
    score = amstad(summary).score
    german_score = f"{score:.1f}".replace(".", ",")
    assert "," in german_score  # a score with a decimal: the test can tell the formats apart
    german = visible(client.get("/intern/newsletter/meldungen", headers=h).text)
    english = visible(client.get("/intern/newsletter/meldungen?lang=en", headers=h).text)
    assert german_score in german and f"{score:.1f}" not in german
    assert f"{score:.1f}" in english and german_score not in english
    editor_de = visible(client.get(f"/intern/newsletter/meldungen/{nid}?lang=de", headers=h).text)
    editor_en = visible(client.get(f"/intern/newsletter/meldungen/{nid}?lang=en", headers=h).text)
    assert f"Amstad-Wert {german_score} von 100" in editor_de
    assert f"Amstad score {score:.1f} of 100" in editor_en


def test_actors_in_the_api_are_id_and_name(make_client, smtp_sink, auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    api = {"Authorization": h["Authorization"]}
    created = client.post("/api/newsletter/news", headers=api, json={"title": "Repair-Café öffnet"}).json
    assert created["created_by"] == {"id": "nina", "name": "Nina Newsletter"} and created["approved_by"] is None
    approver = {"Authorization": auth_header("newsletter.editor", user="fritz", name="Fritz Freigabe")
                ["Authorization"]}
    decided = client.post(f"/api/newsletter/news/{created['id']}/decision", headers=approver, json={"approve": True})
    assert decided.json["approved_by"] == {"id": "fritz", "name": "Fritz Freigabe"}
    assert decided.json["created_by"] == {"id": "nina", "name": "Nina Newsletter"}
    issue = client.post("/api/newsletter/issues", headers=api, json={"title": "Ausgabe Juni",
                                                                    "news_ids": [created["id"]]}).json
    assert issue["created_by"] == {"id": "nina", "name": "Nina Newsletter"} and issue["scheduled_by"] is None
    client.post(f"/api/newsletter/issues/{issue['id']}/schedule", headers=approver, json={})
    again = client.get(f"/api/newsletter/issues/{issue['id']}", headers=api).json
    assert again["scheduled_by"] == {"id": "fritz", "name": "Fritz Freigabe"}
    listed = client.get("/api/newsletter/news", headers=api).json
    assert listed[0]["approved_by"]["name"] == "Fritz Freigabe"
    project_published(rt)
    drafted = client.get("/api/newsletter/news?origin=programmes.project.published", headers=api).json
    assert [d["created_by"] for d in drafted] == [{"id": "ereignis:programmes.project.published", "name": ""}]
