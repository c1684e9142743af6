def _url(c, suffix=""):
    return f"/api/participation/meetings/{c['meeting']['id']}{suffix}"


def _item(c, suffix=""):
    return _url(c, f"/items/{c['item']['id']}{suffix}")


def _attend(svc, c, *keys):
    return svc.put(_url(c, "/attendance"), {"present": [c["m"][k] for k in keys]})


def test_live_quorum_follows_attendance(svc, committee):
    resp = _attend(svc, committee, "chair", "club", "adv")
    assert resp.status_code == 200
    assert resp.json == {"voting_members": 5, "present": 2, "needed": 3, "quorate": False}
    assert _attend(svc, committee, "chair", "club", "m3").json["quorate"] is True
    assert svc.get(_url(committee, "/quorum")).json["present"] == 3


def test_no_decision_without_quorum(svc, committee):
    _attend(svc, committee, "chair", "m3")
    svc.post(_item(committee, "/votes"), {"membership_id": committee["m"]["chair"], "choice": "yes"})
    resp = svc.post(_item(committee, "/decision"), {})
    assert resp.status_code == 409
    assert resp.mimetype == "application/problem+json"
    assert "nicht beschlussfähig" in resp.json["detail"]
    assert svc.events("participation.decision.made.v1") == []


def test_recused_member_cannot_vote_and_the_recusal_is_recorded(svc, committee):
    _attend(svc, committee, "chair", "club", "m3", "m4")
    resp = svc.post(_item(committee, "/votes"), {"membership_id": committee["m"]["club"], "choice": "yes"})
    assert resp.status_code == 409
    assert "befangen" in resp.json["detail"]
    detail = svc.get(_url(committee)).json
    item = detail["items"][0]
    assert item["votes"] == []
    assert [r["membership_id"] for r in item["recusals"]] == [committee["m"]["club"]]
    assert "Jugendclub Haken" in item["recusals"][0]["reason"]
    audit = svc.get(f"/api/participation/audit?entity=agenda_item&entity_id={committee['item']['id']}",
                    headers=svc.editor).json
    assert "recusal" in [a["action"] for a in audit]


def test_decision_counts_votes_numbers_gap_free_and_emits_event(svc, committee):
    _attend(svc, committee, "chair", "club", "m3", "m4")
    for key, choice in (("chair", "yes"), ("m3", "yes"), ("m4", "no")):
        assert svc.post(_item(committee, "/votes"), {"membership_id": committee["m"][key],
                                                     "choice": choice}).status_code == 201
    resp = svc.post(_item(committee, "/decision"), {})
    assert resp.status_code == 201, resp.json
    d = resp.json
    assert d["number"] == "BA-2026-001"
    assert (d["outcome"], d["amount"], d["votes_yes"], d["votes_no"]) == ("approved", "1500.00", 2, 1)
    [event] = svc.events("participation.decision.made.v1")
    assert event["project_id"] == "proj-graffiti" and event["amount"] == "1500.00"
    assert event["body_id"] == committee["body"]["id"] and event["outcome"] == "approved"
    # the club member was present: the recusal is recorded with the decision even without a vote attempt
    item = svc.get(_url(committee)).json["items"][0]
    assert [r["membership_id"] for r in item["recusals"]] == [committee["m"]["club"]]
    again = svc.post(_item(committee, "/decision"), {})
    assert again.status_code == 409
    second = svc.post(_url(committee, "/items"), {"title": "Zweites Kleinprojekt", "amount": "300"}).json
    svc.post(_url(committee, f"/items/{second['id']}/votes"), {"membership_id": committee["m"]["m3"],
                                                               "choice": "no"})
    d2 = svc.post(_url(committee, f"/items/{second['id']}/decision"), {}).json
    assert (d2["number"], d2["outcome"], d2["amount"]) == ("BA-2026-002", "rejected", None)


def test_voting_needs_presence_and_a_vote(svc, committee):
    _attend(svc, committee, "chair", "m3", "m4", "adv")
    absent = svc.post(_item(committee, "/votes"), {"membership_id": committee["m"]["m5"], "choice": "yes"})
    assert absent.status_code == 409 and "anwesende" in absent.json["detail"]
    advisory = svc.post(_item(committee, "/votes"), {"membership_id": committee["m"]["adv"], "choice": "yes"})
    assert advisory.status_code == 422 and "Stimmrecht" in advisory.json["detail"]
    no_votes = svc.post(_item(committee, "/decision"), {})
    assert no_votes.status_code == 422 and "keine Stimmen" in no_votes.json["detail"]
    deferred = svc.post(_item(committee, "/decision"), {"deferred": True})
    assert deferred.status_code == 201 and deferred.json["outcome"] == "deferred"


def test_bad_vote_input_is_a_german_problem(svc, committee):
    resp = svc.post(_item(committee, "/votes"), {"choice": "vielleicht", "extra": 1})
    assert resp.status_code == 422
    assert resp.json["errors"]["membership_id"] == ["Pflichtfeld fehlt."]
    assert resp.json["errors"]["extra"] == ["Unbekanntes Feld."]
    assert resp.json["errors"]["choice"][0].startswith("Muss einer der Werte sein")
    wrong_meeting = svc.post(f"/api/participation/meetings/nope/items/{committee['item']['id']}/votes",
                             {"membership_id": committee["m"]["chair"], "choice": "yes"})
    assert wrong_meeting.status_code == 404


def test_meeting_scheduled_event_and_invitations_by_mail_request(svc, committee):
    [scheduled] = svc.events("participation.meeting.scheduled.v1")
    assert scheduled["meeting_id"] == committee["meeting"]["id"]
    resp = svc.post(_url(committee, "/invitations"))
    assert resp.status_code == 202 and resp.json["invitations"] == 6
    mails = svc.events("participation.mail.requested.v1")
    assert {m["template"] for m in mails} == {"meeting_invitation"}
    assert "TOP 1: Kleinprojekt Graffiti-Workshop" in mails[0]["context"]["agenda"]


def test_invitations_are_requested_in_each_members_language(svc):
    body = svc.post("/api/participation/bodies", {"name": "Arbeitskreis Integration", "type": "arbeitskreis"}).json
    for name, email, language in (("Grace Hopper", "grace@example.org", "en"),
                                  ("Emre Yılmaz", "emre@example.org", "de"), ("Anna Berger", "anna@example.org", None)):
        person = {"name": name, "email": email} | ({"language": language} if language else {})
        p = svc.post("/api/participation/persons", person).json
        assert svc.post(f"/api/participation/bodies/{body['id']}/memberships",
                        {"person_id": p["id"], "role": "member"}).status_code == 201
    meeting = svc.post("/api/participation/meetings", {"body_id": body["id"], "title": "Treffen Juni",
                                                        "starts_at": "2026-06-18T18:00:00+02:00"}).json
    resp = svc.post(f"/api/participation/meetings/{meeting['id']}/invitations")
    assert resp.status_code == 202 and resp.json["invitations"] == 3
    mails = {m["to"]: m for m in svc.events("participation.mail.requested.v1")}
    assert {to: (m["template"], m["language"]) for to, m in mails.items()} == {
        "grace@example.org": ("meeting_invitation", "en"),
        "emre@example.org": ("meeting_invitation", "de"),
        "anna@example.org": ("meeting_invitation", "de")}
    assert mails["grace@example.org"]["context"]["title"] == "Treffen Juni"


def test_an_english_invitation_lists_the_agenda_in_english(svc, committee):
    english = svc.post("/api/participation/persons", {"name": "Grace Hopper", "email": "grace@example.org",
                                                      "language": "en"}).json
    svc.post(f"/api/participation/bodies/{committee['body']['id']}/memberships",
             {"person_id": english["id"], "role": "member"})
    svc.post(_url(committee, "/invitations"))
    mails = {m["to"]: m for m in svc.events("participation.mail.requested.v1")}
    assert mails["grace@example.org"]["language"] == "en"
    assert mails["grace@example.org"]["context"]["agenda"] == ["Item 1: Kleinprojekt Graffiti-Workshop"]
    assert mails["chair@example.org"]["language"] == "de"
    assert mails["chair@example.org"]["context"]["agenda"] == ["TOP 1: Kleinprojekt Graffiti-Workshop"]


def test_minutes_go_from_draft_to_approved_at_a_later_meeting_and_export_as_pdf(svc, committee):
    import io

    from pypdf import PdfReader

    assert svc.put(_url(committee, "/minutes"), {"text": "Die Sitzung begann pünktlich."}).status_code == 200
    later = svc.post("/api/participation/meetings", {"body_id": committee["body"]["id"], "title": "Sitzung Mai",
                                                      "starts_at": "2026-05-07T17:00:00+02:00"}).json
    svc.put(f"/api/participation/meetings/{later['id']}/minutes", {"text": "Entwurf Mai"})
    too_early = svc.post(f"/api/participation/meetings/{later['id']}/minutes/approve",
                         {"approved_in": committee["meeting"]["id"]})
    assert too_early.status_code == 422 and "späteren Sitzung" in too_early.json["detail"]
    ok = svc.post(_url(committee, "/minutes/approve"), {"approved_in": later["id"]})
    assert ok.status_code == 200 and ok.json["status"] == "approved"
    locked = svc.put(_url(committee, "/minutes"), {"text": "geändert"})
    assert locked.status_code == 409
    pdf = svc.get(_url(committee, "/minutes.pdf"))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Protokoll: Sitzung März" in text and "genehmigt" in text and "pünktlich" in text


def test_bodies_reject_unknown_types_and_advisory_votes(svc):
    bad = svc.post("/api/participation/bodies", {"name": "Rat", "type": "stadtrat"})
    assert bad.status_code == 422 and "type" in bad.json["errors"]
    body = svc.post("/api/participation/bodies", {"name": "Netzwerk Senioren", "type": "netzwerk"}).json
    assert body["prefix"] == "NW"
    own = svc.post("/api/participation/bodies", {"name": "AK Jugend", "type": "arbeitskreis", "prefix": "AKJ"})
    assert own.json["prefix"] == "AKJ"
    assert svc.post("/api/participation/bodies", {"name": "AK X", "type": "arbeitskreis",
                                                  "prefix": "ak-1"}).status_code == 422
    p = svc.post("/api/participation/persons", {"name": "Beraterin"}).json
    resp = svc.post(f"/api/participation/bodies/{body['id']}/memberships",
                    {"person_id": p["id"], "role": "advisory", "voting": True})
    assert resp.status_code == 422 and "kein Stimmrecht" in resp.json["detail"]
    missing = svc.post(f"/api/participation/bodies/{body['id']}/memberships",
                       {"person_id": "nobody", "role": "member"})
    assert missing.status_code == 404


def test_roles_are_enforced(svc, committee, auth_header):
    assert svc.client.get("/api/participation/bodies").status_code == 401
    assert svc.post("/api/participation/bodies", {"name": "X", "type": "netzwerk"},
                    headers=svc.viewer).status_code == 403
    other = auth_header("finance.clerk")
    assert svc.get("/api/participation/decisions", headers=other).status_code == 403


def test_votes_of_members_marked_absent_afterwards_are_not_counted(svc, committee):
    _attend(svc, committee, "chair", "m3", "m4", "m5")
    for key, choice in (("chair", "yes"), ("m3", "no"), ("m4", "no"), ("m5", "no")):
        assert svc.post(_item(committee, "/votes"), {"membership_id": committee["m"][key],
                                                     "choice": choice}).status_code == 201
    # m4 and m5 left before the result was established; chair, m3 and the club member (recused) are still there
    assert _attend(svc, committee, "chair", "club", "m3").json["quorate"] is True
    d = svc.post(_item(committee, "/decision"), {}).json
    assert (d["votes_yes"], d["votes_no"], d["outcome"]) == (1, 1, "rejected")
    detail = svc.get(_url(committee)).json["items"][0]
    assert {v["membership_id"]: v["counted"] for v in detail["votes"]} == {
        committee["m"]["chair"]: True, committee["m"]["m3"]: True, committee["m"]["m4"]: False,
        committee["m"]["m5"]: False}
    audit = svc.get(f"/api/participation/audit?entity=decision&entity_id={d['id']}", headers=svc.editor).json
    assert audit[0]["changes"]["ignored_votes"] == sorted([committee["m"]["m4"], committee["m"]["m5"]])


def test_no_decision_when_no_stored_vote_counts_any_more(svc, committee):
    _attend(svc, committee, "chair", "m3", "m4")
    svc.post(_item(committee, "/votes"), {"membership_id": committee["m"]["m4"], "choice": "yes"})
    _attend(svc, committee, "chair", "m3", "m5")
    resp = svc.post(_item(committee, "/decision"), {})
    assert resp.status_code == 422 and "Keine der abgegebenen Stimmen zählt" in resp.json["detail"]
    assert svc.events("participation.decision.made.v1") == []


def test_a_member_whose_own_organisation_is_the_applicant_is_recused(svc, committee):
    """The person belongs to the applicant club but sits in the body without representing it."""
    club_person = svc.post("/api/participation/persons", {"name": "Vereinsvorsitzende", "email": "v@example.org",
                                                          "organisation_id": committee["club"]["id"]}).json
    member = svc.post(f"/api/participation/bodies/{committee['body']['id']}/memberships",
                      {"person_id": club_person["id"], "role": "member"}).json["id"]
    svc.put(_url(committee, "/attendance"), {"present": [committee["m"]["chair"], committee["m"]["m3"],
                                                         committee["m"]["m4"], member]})
    resp = svc.post(_item(committee, "/votes"), {"membership_id": member, "choice": "yes"})
    assert resp.status_code == 409 and "befangen" in resp.json["detail"]
    [recused] = svc.get(_url(committee)).json["items"][0]["recusals"]
    assert recused["membership_id"] == member
    assert recused["reason"] == "Befangen: die eigene Organisation „Jugendclub Haken“ ist Antragstellerin."


def test_an_agenda_item_only_links_a_project_the_read_model_knows(svc, committee):
    resp = svc.post(_url(committee, "/items"), {"title": "Unbekanntes Projekt", "project_id": "proj-gibt-es-nicht"})
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    message = "Das Projekt „proj-gibt-es-nicht“ ist im Programmdienst nicht bekannt. Bitte ein vorhandenes Projekt wählen."
    assert resp.json["errors"] == {"project_id": [message]} and resp.json["detail"] == message
    known = svc.post(_url(committee, "/items"), {"title": "Bekanntes Projekt", "project_id": "proj-graffiti"})
    assert known.status_code == 201 and known.json["position"] == 2


def test_amounts_are_exact_cents_never_rounded(svc, committee):
    fine = svc.post(_url(committee, "/items"), {"title": "Zu genau", "amount": "12.345"})
    assert fine.status_code == 422
    assert fine.json["errors"] == {"amount": ['Höchstens zwei Nachkommastellen (Cent), z. B. "1234.50".']}
    as_number = svc.post(_url(committee, "/items"), {"title": "Als Zahl", "amount": 1500.5})
    assert as_number.status_code == 201 and as_number.json["amount"] == "1500.50"
    _attend(svc, committee, "chair", "m3", "m4")
    svc.post(_item(committee, "/votes"), {"membership_id": committee["m"]["chair"], "choice": "yes"})
    assert svc.post(_item(committee, "/decision"), {"amount": 99.999}).status_code == 422
    d = svc.post(_item(committee, "/decision"), {"amount": "1200.10"}).json
    assert d["amount"] == "1200.10"
