"""Issue 12 for the network office, as a clerk does it in the department UI: a body whose programme is picked by its
name, members, a meeting typed in Kaufbeuren time, an agenda item with project, applicant and a German amount,
votes and a decision. No page shows an identifier; times read "18:00 Uhr" in Berlin time and are stored in UTC;
the minutes PDF is German for a German reader (English for an English one); actors are named with the time; the
audit log reads in words, not JSON."""

import io
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from participation.service_layer.inbound import on_programme, on_project

HTML = {"Accept": "text/html"}
BASE = "/intern/participation"
IDENTIFIER = re.compile(r"\b[0-9a-f]{32}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|demo-",
                        re.I)


class _Text(HTMLParser):
    """The text a person sees: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _option(html: str, text: str) -> str:
    """The value of the option a clerk picks by its visible text (the way a browser does)."""
    found = re.search(r'<option (?:selected )?value="([^"]*)">' + re.escape(text) + "</option>", html)
    assert found, f"no option {text!r}"
    return found.group(1)


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def clerk(make_client, auth_header):
    """The network office's clerk with her name in the signed identity; the programmes service announced a
    programme and a project."""
    from participation.bootstrap import SPEC

    client, runtime = make_client(SPEC)
    headers = {**auth_header("participation.editor", user="frieda", name="Frieda Freigabe"), **HTML}
    with runtime.uow() as w:
        on_programme(w, SimpleNamespace(sequence=1, data={
            "programme_id": "7d1c0ffee0000000000000000000beef", "name": "Demokratie leben!", "status": "running"}))
        on_project(w, SimpleNamespace(sequence=1, data={
            "project_id": "a1b2c3d4e5f60718293a4b5c6d7e8f90", "title": "Graffiti-Workshop", "stage": "application"}))
        w.commit()

    class Clerk:
        def get(self, url, **kw):
            return client.get(url, headers=headers, **kw)

        def post(self, url, data, **kw):
            return client.post(url, headers=headers, data=data, **kw)

        def api(self, url, json=None):
            return client.post(url, json=json, headers=headers) if json is not None else client.get(url,
                                                                                                   headers=headers)

    c = Clerk()
    c.client, c.runtime, c.headers = client, runtime, headers
    return c


def _committee(clerk, starts="2026-03-12T18:00"):
    """Everything through the forms, every reference picked by its name."""
    page = clerk.get(f"{BASE}/gremien")
    made = clerk.post(f"{BASE}/gremien", {
        "csrf_token": _csrf(page.text), "name": "Begleitausschuss Kaufbeuren", "type": "begleitausschuss",
        "programme_id": _option(page.text, "Demokratie leben!"), "fields_of_action": ["jugend", "integration"],
        "quorum_percent": "50"}, follow_redirects=True)
    assert "Gremium „Begleitausschuss Kaufbeuren“ wurde angelegt." in made.text
    body_url = re.search(r'<form method="post" action="(/intern/participation/gremien/[^/"]+)/mitglieder"',
                         made.text).group(1)
    club = clerk.api("/api/participation/organisations", {"name": "Jugendclub Haken", "kind": "verein"}).json
    for name in ("Maria Huber", "Emre Yılmaz", "Jana Novák"):
        clerk.api("/api/participation/persons", {"name": name, "email": f"{name.split()[0].lower()}@example.org"})
    for name, role, org in (("Maria Huber", "chair", ""), ("Emre Yılmaz", "member", "Jugendclub Haken"),
                            ("Jana Novák", "member", "")):
        page = clerk.get(body_url)
        added = clerk.post(f"{body_url}/mitglieder", {
            "csrf_token": _csrf(page.text), "person_id": _option(page.text, name), "role": role,
            "organisation_id": _option(page.text, org) if org else ""}, follow_redirects=True)
        assert "Mitgliedschaft wurde eingetragen." in added.text
    page = clerk.get(body_url)
    scheduled = clerk.post(f"{body_url}/sitzungen", {"csrf_token": _csrf(page.text), "title": "1. Sitzung",
                                                     "starts_at": starts, "place": "Rathaus"}, follow_redirects=True)
    assert "Sitzung „1. Sitzung“ wurde angelegt." in scheduled.text
    meeting_url = re.search(r'action="(/intern/participation/sitzungen/[^/"]+)/top"', scheduled.text).group(1)
    page = clerk.get(meeting_url)
    for title, project, applicant, amount in (("Kleinprojekt Graffiti", "Graffiti-Workshop (Antrag)",
                                               "Jugendclub Haken", "1.500,00"),
                                              ("Kleinprojekt Lesecafé", "– kein Projekt –", "– keine –", "")):
        added = clerk.post(f"{meeting_url}/top", {
            "csrf_token": _csrf(page.text), "title": title, "project_id": _option(page.text, project),
            "applicant_organisation_id": _option(page.text, applicant), "amount": amount}, follow_redirects=True)
        assert "wurde ergänzt." in added.text, visible(added.text)
    page = clerk.get(meeting_url)
    members = re.findall(r'name="present" value="([^"]+)"', page.text)
    clerk.post(f"{meeting_url}/anwesenheit", {"csrf_token": _csrf(page.text), "present": members})
    page = clerk.get(meeting_url)
    items = re.findall(r'action="/intern/participation/sitzungen/[^/"]+/top/([^/"]+)/stimme"', page.text)
    for name in ("Maria Huber", "Jana Novák"):
        clerk.post(f"{meeting_url}/top/{items[0]}/stimme", {"csrf_token": _csrf(page.text), "choice": "yes",
                                                           "membership_id": _option(page.text, name)})
    decided = clerk.post(f"{meeting_url}/top/{items[0]}/beschluss", {"csrf_token": _csrf(page.text)},
                         follow_redirects=True)
    assert "gefasst." in decided.text
    clerk.post(f"{meeting_url}/top/{items[1]}/beschluss", {"csrf_token": _csrf(page.text), "deferred": "y"})
    return {"body_url": body_url, "meeting_url": meeting_url, "meeting_id": meeting_url.rsplit("/", 1)[1],
            "club": club}


def test_a_committee_is_run_with_pickers_only_and_no_page_shows_an_identifier(clerk):
    c = _committee(clerk)
    body = clerk.get(c["body_url"])
    text = visible(body.text)
    assert "Förderprogramm Demokratie leben!" in text and "Handlungsfelder Jugend, Integration" in text
    assert "Maria Huber Vorsitz ja" in text and "Emre Yılmaz Mitglied ja Jugendclub Haken" in text
    meeting = clerk.get(c["meeting_url"])
    text = visible(meeting.text)
    assert f'<a href="{c["body_url"]}">Begleitausschuss Kaufbeuren</a>' in meeting.text  # back to its body
    assert "Gremium Begleitausschuss Kaufbeuren" in text and "Beginn 12.03.2026, 18:00 Uhr" in text
    assert 'href="/intern/programmes/projekte/a1b2c3d4e5f60718293a4b5c6d7e8f90">Graffiti-Workshop</a>' in meeting.text
    assert "Befangen: Emre Yılmaz" in text and "Beschluss BA-2026-001: angenommen" in text
    assert "Festgestellt von Frieda Freigabe, " in text and "Beschluss BA-2026-002: vertagt" in text
    decisions = clerk.get(f"{BASE}/beschluesse")
    assert 'href="/intern/programmes/projekte/a1b2c3d4e5f60718293a4b5c6d7e8f90">Graffiti-Workshop</a>' \
        in decisions.text and "1.500,00 €" in visible(decisions.text)
    for url in (f"{BASE}/gremien", c["body_url"], c["meeting_url"], f"{BASE}/beschluesse", f"{BASE}/sitzungen",
                f"{BASE}/personen", f"{BASE}/organisationen", f"{BASE}/audit", f"{BASE}/"):
        page = clerk.get(url)
        assert page.status_code == 200, url
        assert not IDENTIFIER.search(visible(page.text)), (url, IDENTIFIER.findall(visible(page.text)))
        assert "Kennung" not in page.text


def test_a_programme_the_programmes_service_never_announced_is_refused(clerk):
    page = clerk.get(f"{BASE}/gremien")
    refused = clerk.post(f"{BASE}/gremien", {"csrf_token": _csrf(page.text), "name": "Netzwerk", "type": "netzwerk",
                                             "programme_id": "erfunden", "quorum_percent": "50"})
    assert refused.status_code == 422 and 'id="programme_id-err"' in refused.text
    api = clerk.api("/api/participation/bodies", {"name": "Netzwerk", "type": "netzwerk", "programme_id": "erfunden"})
    assert api.status_code == 422 and "programme_id" in api.json["errors"]
    ok = clerk.api("/api/participation/bodies", {"name": "Netzwerk", "type": "netzwerk",
                                                 "programme_id": "7d1c0ffee0000000000000000000beef"})
    assert ok.status_code == 201 and ok.json["programme_name"] == "Demokratie leben!"
    assert clerk.api("/api/participation/programmes").json == [{
        "programme_id": "7d1c0ffee0000000000000000000beef", "name": "Demokratie leben!", "short_name": "",
        "status": "running"}]


@pytest.mark.parametrize(("typed", "stored", "shown"), [
    ("2026-03-12T18:00", "2026-03-12T17:00:00+00:00", "12.03.2026, 18:00 Uhr"),  # winter time, UTC+1
    ("2026-07-09T18:00", "2026-07-09T16:00:00+00:00", "09.07.2026, 18:00 Uhr"),  # summer time, UTC+2
])
def test_a_meeting_typed_at_18_00_is_shown_at_18_00_and_stored_in_utc(clerk, typed, stored, shown):
    c = _committee(clerk, starts=typed)
    [meeting] = clerk.api("/api/participation/meetings").json
    assert meeting["starts_at"] == stored
    assert f"Beginn {shown}" in visible(clerk.get(c["meeting_url"]).text)
    assert shown in visible(clerk.get(f"{BASE}/sitzungen").text)
    page = clerk.get(c["meeting_url"])
    clerk.post(f"{c['meeting_url']}/einladungen", {"csrf_token": _csrf(page.text)})
    from participation.bootstrap import SPEC

    outbox = SPEC.metadata.tables["outbox"]
    import json

    with clerk.runtime.engine.connect() as conn:
        mails = [json.loads(p)["data"] for (p,) in conn.execute(outbox.select().with_only_columns(outbox.c.payload)
                                                                 .where(outbox.c.type == "participation.mail."
                                                                        "requested.v1"))]
    # the mail's time is the wall time in Kaufbeuren, with its offset (whoever prints it prints 18:00)
    assert {m["context"]["starts_at"][:16] for m in mails} == {typed}
    assert "versandt von Frieda Freigabe, " in visible(clerk.get(c["meeting_url"]).text)


def test_the_minutes_pdf_is_german_for_a_german_reader_and_english_for_an_english_one(clerk):
    c = _committee(clerk)
    url = f"/api/participation/meetings/{c['meeting_id']}/minutes.pdf"
    german = clerk.client.get(url, headers=clerk.headers)
    assert german.status_code == 200 and german.mimetype == "application/pdf"
    assert "Protokoll_Begleitausschuss-Kaufbeuren_1.-Sitzung_2026-03-12.pdf" in german.headers["Content-Disposition"]
    text = _pdf_text(german.data)
    for expected in ("Protokoll: 1. Sitzung", "Beginn: 12.03.2026, 18:00 Uhr", "Maria Huber (Vorsitz): anwesend",
                     "angenommen", "vertagt", "1.500,00 €", "Projekt: Graffiti-Workshop",
                     "Befangen: Emre Yılmaz – die vertretene Organisation „Jugendclub Haken“ ist Antragstellerin."):
        assert expected in text, expected
    for leak in ("(chair)", "approved", "deferred", "1500.00", "Graffiti-Workshop (application)"):
        assert leak not in text, leak
    english = clerk.client.get(url + "?lang=en", headers=clerk.headers)
    assert "Minutes_Begleitausschuss-Kaufbeuren" in english.headers["Content-Disposition"]
    text = _pdf_text(english.data)
    for expected in ("Minutes: 1. Sitzung", "Start: 12 Mar 2026, 18:00", "Maria Huber (Chair): present",
                     "approved", "deferred", "€1,500.00"):
        assert expected in text, expected
    assert "angenommen" not in text and "Vorsitz" not in text and "1.500,00" not in text
    by_header = clerk.client.get(url, headers={**clerk.headers, "Accept-Language": "en-GB,en;q=0.9"})
    assert "Minutes: 1. Sitzung" in _pdf_text(by_header.data)  # an API client that prefers English


def test_the_person_export_pdf_reads_in_words_in_the_readers_language(clerk):
    c = _committee(clerk)
    [maria] = clerk.api("/api/participation/persons?q=huber").json
    clerk.api(f"/api/participation/persons/{maria['id']}/consents",
              {"purpose": "gremienarbeit", "text_version": "2026-01", "method": "paper",
               "given_at": "2026-01-15T12:00:00+01:00"})
    german = clerk.client.get(f"/api/participation/persons/{maria['id']}/export.pdf", headers=clerk.headers)
    assert "Datenauskunft_Maria-Huber.pdf" in german.headers["Content-Disposition"]
    text = _pdf_text(german.data)
    assert "Begleitausschuss Kaufbeuren: Vorsitz" in text and "erteilt 15.01.2026, 12:00 Uhr" in text
    assert "Gremienarbeit (Einladungen, Protokolle) (Fassung 2026-01, schriftlich)" in text
    assert "{" not in text and c["club"]["id"] not in text and maria["id"] not in text
    english = _pdf_text(clerk.client.get(f"/api/participation/persons/{maria['id']}/export.pdf?lang=en",
                                         headers=clerk.headers).data)
    assert "Data access under Art. 15 GDPR: Maria Huber" in english and "Begleitausschuss Kaufbeuren: Chair" in english


def test_actors_are_returned_by_name_and_the_audit_log_reads_in_words(clerk):
    c = _committee(clerk)
    frieda = {"id": "frieda", "name": "Frieda Freigabe"}
    [decision, deferred] = sorted(clerk.api("/api/participation/decisions").json, key=lambda d: d["number"])
    assert decision["recorded_by"] == frieda and decision["recorded_at"]
    assert decision["project_title"] == "Graffiti-Workshop"
    page = clerk.get(c["meeting_url"])
    clerk.post(f"{c['meeting_url']}/einladungen", {"csrf_token": _csrf(page.text)})
    detail = clerk.api(f"/api/participation/meetings/{c['meeting_id']}").json
    assert detail["invited_by"] == frieda and "invited_by_name" not in detail
    assert [m["invited_by"] for m in clerk.api("/api/participation/meetings").json] == [frieda]
    audit = clerk.api(f"/api/participation/audit?entity=decision&entity_id={decision['id']}").json
    assert audit[0]["actor"] == frieda
    log = clerk.get(f"{BASE}/audit")
    text = visible(log.text)
    assert "Frieda Freigabe Beschluss BA-2026-001: Kleinprojekt Graffiti Beschluss gefasst" in text
    assert "Ergebnis: angenommen" in text and "Betrag: 1.500,00 €" in text and "Stimmen: Ja: 2; Nein: 0" in text
    assert "Mitglied eingetragen" in text and "Rolle: Vorsitz" in text and "Person: Maria Huber" in text
    assert "Beginn: 12.03.2026, 18:00 Uhr" in text
    for raw in ('{"', "\\u00", "made", "created", "membership_id", "None"):
        assert raw not in text, raw
    only = visible(clerk.get(f"{BASE}/audit?bereich=meeting").text)
    assert "Sitzung angelegt" in only and "Beschluss gefasst" not in only
    nobody = visible(clerk.get(f"{BASE}/audit?q=niemand").text)
    assert "Keine Einträge gefunden." in nobody
    body = visible(clerk.get(c["body_url"]).text)
    assert "Änderungsprotokoll" in body and "Gremium angelegt – Frieda Freigabe" in body
    assert body.index("Mitglied eingetragen – Frieda") < body.index("Gremium angelegt – Frieda")  # newest first
