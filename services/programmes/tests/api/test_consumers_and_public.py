from datetime import timedelta

from sqlalchemy import func, select

from programmes.adapters.orm import funder, organisation, stage_change
from programmes.service_layer.common import months_between, today
from programmes.subscribers import event_handlers
from servicekit.messaging.envelope import Envelope


def outbox_types(runtime):
    table = runtime.metadata.tables["outbox"]
    with runtime.engine.connect() as conn:
        return [r.type for r in conn.execute(select(table.c.type).order_by(table.c.position))]


def deliver(runtime, type_, data, sequence=1, subject="x"):
    env = Envelope(type=type_, source="/services/test", subject=subject, data=data, sequence=sequence)
    with runtime.uow() as uow:
        event_handlers()[type_](uow, env)
        uow.commit()


def to_application(api, **fields):
    p = api.project(**fields)
    api.assess(p["id"])
    api.move(p["id"], "concept")
    api.move(p["id"], "application")
    return p["id"]


def decision(project_id, outcome="approved", number="BA-2026-07", decision_id="d1"):
    return {"decision_id": decision_id, "number": number, "body_id": "demo-begleitausschuss",
            "body_type": "monitoring_committee", "project_id": project_id, "outcome": outcome,
            "title": "Mikroprojekt", "year": 2026}


def test_decision_approves_once_with_its_number_as_reason(api):
    pid = to_application(api)
    deliver(api.runtime, "participation.decision.made.v1", decision(pid))
    deliver(api.runtime, "participation.decision.made.v1", decision(pid, decision_id="d2", number="BA-2026-08"))
    history = api.client.get(f"/api/programmes/projects/{pid}/transitions", headers=api.viewer).json
    assert [(h["to_stage"], h["reason"]) for h in history][-1] == ("approved", "Beschluss BA-2026-07")
    assert [h["to_stage"] for h in history].count("approved") == 1


def refusal(decision_id="d1", reason="Der Aktionsfonds reicht nicht: noch 1.000,00 € frei."):
    return {"decision_id": decision_id, "fund_id": "af-2026", "amount": "25000.00", "remaining": "1000.00",
            "reason": reason}


def test_refused_decision_moves_the_project_back_to_application_once(api):
    pid = to_application(api)
    deliver(api.runtime, "participation.decision.made.v1", decision(pid))
    assert api.client.get(f"/api/programmes/projects/{pid}", headers=api.viewer).json["stage"] == "approved"
    deliver(api.runtime, "finance.action_fund.decision_refused.v1", refusal(), subject="d1")
    deliver(api.runtime, "finance.action_fund.decision_refused.v1", refusal(), subject="d1")  # again: no change
    project = api.client.get(f"/api/programmes/projects/{pid}", headers=api.viewer).json
    assert project["stage"] == "application"
    history = api.client.get(f"/api/programmes/projects/{pid}/transitions", headers=api.viewer).json
    assert [(h["from_stage"], h["to_stage"], h["actor"], h["reason"]) for h in history][-1] == (
        "approved", "application", {"id": "finance", "name": ""}, "Der Aktionsfonds reicht nicht: noch 1.000,00 € frei.")
    assert [h["to_stage"] for h in history].count("application") == 2
    # the refused decision no longer counts as a basis for approval; a later decision does
    assert api.move(pid, "approved").status_code == 409
    deliver(api.runtime, "participation.decision.made.v1", decision(pid))  # redelivered: stays refused
    assert api.client.get(f"/api/programmes/projects/{pid}", headers=api.viewer).json["stage"] == "application"
    deliver(api.runtime, "participation.decision.made.v1", decision(pid, decision_id="d2", number="BA-2026-09"))
    assert api.client.get(f"/api/programmes/projects/{pid}", headers=api.viewer).json["stage"] == "approved"
    stage_events = [t for t in outbox_types(api.runtime) if t == "programmes.project.stage_changed.v1"]
    assert len(stage_events) == 6  # assessed, concept, application, approved, application, approved


def test_refusal_that_overtakes_the_decision_keeps_it_from_approving(api):
    pid = to_application(api)
    deliver(api.runtime, "finance.action_fund.decision_refused.v1", refusal(), subject="d1")
    deliver(api.runtime, "participation.decision.made.v1", decision(pid))
    assert api.client.get(f"/api/programmes/projects/{pid}", headers=api.viewer).json["stage"] == "application"
    deliver(api.runtime, "finance.action_fund.decision_refused.v1", refusal("unknown-decision"), subject="x")


def test_rejection_by_decision_and_unknown_project_are_harmless(api):
    pid = to_application(api)
    deliver(api.runtime, "participation.decision.made.v1", decision(pid, outcome="rejected"))
    deliver(api.runtime, "participation.decision.made.v1", decision("unknown", decision_id="d9"))
    assert api.client.get(f"/api/programmes/projects/{pid}", headers=api.viewer).json["stage"] == "rejected"


def test_grant_awarded_approves_and_sets_period_and_funder_notice(api):
    pid = to_application(api)
    deliver(api.runtime, "finance.funder.created.v1", {"funder_id": "demo-esf-plus", "name": "ESF Plus",
                                                        "type": "eu", "public": True}, subject="demo-esf-plus")
    deliver(api.runtime, "finance.grant.awarded.v1", {
        "grant_id": "g1", "project_id": pid, "funder_id": "demo-esf-plus", "amount": "90000.00",
        "period_start": "2026-07-01", "period_end": "2028-09-30", "version": 1}, subject="g1")
    project = api.client.get(f"/api/programmes/projects/{pid}", headers=api.viewer).json
    assert project["stage"] == "approved" and project["end_date"] == "2028-09-30"
    api.client.post(f"/api/programmes/projects/{pid}/publish", headers=api.editor)
    public = api.client.get(f"/api/programmes/public/projects/{pid}").json
    assert public["funder_notice"] == "Gefördert von ESF Plus."
    deliver(api.runtime, "finance.funder.created.v1", {
        "funder_id": "demo-bund", "name": "Bund", "type": "federal", "public": True,
        "publicity_notice": "Gefördert vom Bundesministerium im Rahmen des Bundesprogramms."}, subject="demo-bund")
    deliver(api.runtime, "finance.funder.created.v1", {"funder_id": "demo-stiftung", "name": "Stiftung X",
                                                        "type": "foundation", "public": True}, subject="demo-stiftung")
    deliver(api.runtime, "finance.funder.created.v1", {"funder_id": "geheim", "name": "Anonyme Spende",
                                                        "type": "donation", "public": False}, subject="geheim")
    for grant, funder_id in (("g2", "demo-bund"), ("g3", "demo-stiftung"), ("g4", "geheim")):
        deliver(api.runtime, "finance.grant.awarded.v1", {
            "grant_id": grant, "project_id": pid, "funder_id": funder_id, "amount": "1000.00",
            "period_start": "2026-07-01", "period_end": "2028-09-30", "version": 1}, subject=grant)
    notice = api.client.get(f"/api/programmes/public/projects/{pid}").json["funder_notice"]
    assert notice == ("Gefördert von ESF Plus und Stiftung X. "
                      "Gefördert vom Bundesministerium im Rahmen des Bundesprogramms.")


def test_stale_funder_and_organisation_updates_are_ignored(api):
    base = {"funder_id": "f1", "type": "state", "public": True}
    deliver(api.runtime, "finance.funder.created.v1", {**base, "name": "Freistaat"}, sequence=1)
    deliver(api.runtime, "finance.funder.updated.v1", {**base, "name": "Freistaat Bayern"}, sequence=3)
    deliver(api.runtime, "finance.funder.updated.v1", {**base, "name": "Alt"}, sequence=2)
    org = {"organisation_id": "o1", "kind": "club"}
    deliver(api.runtime, "participation.organisation.created.v1", {**org, "name": "TSV"}, sequence=2)
    deliver(api.runtime, "participation.organisation.updated.v1", {**org, "name": "TSV alt"}, sequence=1)
    with api.runtime.engine.connect() as conn:
        assert conn.execute(select(funder.c.name)).scalar() == "Freistaat Bayern"
        assert conn.execute(select(organisation.c.name)).scalar() == "TSV"


def test_radar_shows_ending_funding_due_reports_and_missing_sustainment(api):
    end, older_end = today() + timedelta(days=60), today() + timedelta(days=30)  # relative: no date time bomb
    pid = api.project(end_date=end.isoformat(), start_date=(today() - timedelta(days=400)).isoformat())["id"]
    deliver(api.runtime, "finance.funding.ending_soon.v1", {"grant_id": "g1", "project_id": pid,
                                                             "funder_id": "f", "period_end": end.isoformat(),
                                                             "months_left": 1}, sequence=2)
    api.client.post(f"/api/programmes/projects/{pid}/reports", headers=api.editor,
                    json={"title": "Sachbericht", "kind": "interim",
                          "due_date": (today() + timedelta(days=20)).isoformat()})
    deliver(api.runtime, "finance.funding.ending_soon.v1", {"grant_id": "g1", "project_id": pid,
                                                             "funder_id": "f", "period_end": older_end.isoformat(),
                                                             "months_left": 3}, sequence=1)  # an older one
    items = api.client.get("/api/programmes/radar?months=12", headers=api.viewer).json
    ending = [(i["date"], i["text"]) for i in items if i["kind"] == "funding_ending"]
    left = months_between(today(), end)
    assert ending == [(end.isoformat(), f"Förderzeitraum endet (noch {left} Monat{'' if left == 1 else 'e'})")]
    kinds = {i["kind"] for i in items}
    assert {"funding_ending", "report_due", "no_sustainment"} <= kinds
    bad = api.client.get("/api/programmes/radar?months=99", headers=api.viewer)
    assert bad.status_code == 422 and bad.json["errors"]["months"]


def test_dashboard_counts_granted_third_party_money_and_the_committed_municipal_share(api):
    """Drittmittel as finance's portfolio counts them: granted amounts (latest version) from funders that are
    not the city; plans alone count nothing. The municipal share: valid plans of approved-or-later projects."""
    pid = to_application(api)
    idea_pid = api.project(title="Nur eine Idee")["id"]
    for funder_id, kind in (("esf", "eu"), ("stadt", "municipality"), ("eigen", "own_funds")):
        deliver(api.runtime, "finance.funder.created.v1", {"funder_id": funder_id, "name": funder_id.upper(),
                                                           "type": kind, "public": True}, subject=funder_id)
    for plan_pid, version, valid, municipal in ((pid, 2, True, "10000.00"), (pid, 1, True, "1.00"),
                                                (idea_pid, 1, True, "7000.00")):
        deliver(api.runtime, "finance.funding_plan.validated.v1", {
            "plan_id": f"p-{plan_pid}", "project_id": plan_pid, "version": version, "valid": valid,
            "total_costs": "100000.00", "external_funds": "90000.00", "municipal_share": municipal})
    plans_only = api.client.get("/api/programmes/dashboard", headers=api.viewer).json
    assert plans_only["external_funds"] == "0.00" and plans_only["municipal_share"] == "0.00"
    grant = {"project_id": pid, "period_start": "2026-07-01", "period_end": "2028-09-30", "version": 1}
    deliver(api.runtime, "finance.grant.awarded.v1", {**grant, "grant_id": "g1", "funder_id": "esf",
                                                      "amount": "80000.00"}, subject="g1")
    deliver(api.runtime, "finance.grant.amended.v1", {**grant, "grant_id": "g1", "funder_id": "esf",
                                                      "amount": "85000.00", "version": 2}, subject="g1", sequence=2)
    deliver(api.runtime, "finance.grant.awarded.v1", {**grant, "grant_id": "g2", "funder_id": "stadt",
                                                      "amount": "10000.00"}, subject="g2")
    deliver(api.runtime, "finance.grant.awarded.v1", {**grant, "grant_id": "g3", "funder_id": "unbekannt",
                                                      "amount": "500.00"}, subject="g3")
    data = api.client.get("/api/programmes/dashboard", headers=api.viewer).json
    assert data["external_funds"] == "85500.00"  # amended ESF grant + a funder finance has not announced yet
    assert data["municipal_share"] == "10000.00"  # the approved project's plan (version 2), not the idea's
    assert data["by_stage"][0] == {"key": "idea", "count": 1}
    deliver(api.runtime, "finance.funding_plan.validated.v1", {
        "plan_id": f"p-{pid}", "project_id": pid, "version": 3, "valid": False, "total_costs": "1.00",
        "external_funds": "0.00", "municipal_share": "1.00"})
    assert api.client.get("/api/programmes/dashboard", headers=api.viewer).json["municipal_share"] == "0.00"
    svg = api.client.get("/api/programmes/dashboard/funds.svg", headers=api.viewer)
    assert svg.mimetype == "image/svg+xml" and "85.500,00 €" in svg.text and "<title" in svg.text
    assert api.client.get("/api/programmes/dashboard/pie.svg", headers=api.viewer).status_code == 404


def test_public_api_shows_only_published_records_without_personal_data(api):
    prog = api.client.post("/api/programmes/programmes", headers=api.editor, json={
        "name": "BIWAQ", "status": "running", "contact": "Koordinierungsstelle", "fields_of_action": ["jugend"],
        "summary": "Das Programm hilft Menschen in die Arbeit. Es stärkt die Stadtteile."}).json
    p = api.project(programme_id=prog["id"], responsible="Frau Geheim")
    assert api.client.get("/api/programmes/public/projects").json == []
    assert api.client.get(f"/api/programmes/public/projects/{p['id']}").status_code == 404
    api.client.post(f"/api/programmes/projects/{p['id']}/publish", headers=api.editor)
    api.client.post(f"/api/programmes/programmes/{prog['id']}/publish", headers=api.editor)
    listing = api.client.get("/api/programmes/public/projects?district=neugablonz&q=truck").json
    assert listing[0]["programme"] == {"id": prog["id"], "name": "BIWAQ"}
    assert listing[0]["districts"] == [{"code": "neugablonz", "name": "Neugablonz"}]
    detail = api.client.get(f"/api/programmes/public/projects/{p['id']}")
    assert "Frau Geheim" not in detail.text and detail.json["indicators"] == []
    programmes = api.client.get("/api/programmes/public/programmes?field=jugend").json
    assert programmes[0]["readability_score"] > 0 and programmes[0]["fields_of_action"][0]["name"] == "Jugend"
    one = api.client.get(f"/api/programmes/public/programmes/{prog['id']}").json
    assert one["projects"][0]["id"] == p["id"]
    assert api.client.get("/api/programmes/public/districts").json[0].keys() == {"code", "name"}


def test_audit_log_records_who_changed_what(api):
    p = api.project()
    api.assess(p["id"])
    rows = api.client.get(f"/api/programmes/audit?entity=project&entity_id={p['id']}", headers=api.viewer).json
    assert {r["action"] for r in rows} == {"created", "stage_changed"}
    assert rows[0]["actor"] == {"id": "anna", "name": "Anna Berger"}
    with api.runtime.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(stage_change)).scalar() == 1


def test_radar_follows_grant_amendments_and_drops_passed_dates(api):
    """An Änderungsbescheid moves the funding period's end; what has passed leaves the radar (an open report
    stays, marked overdue, until it is submitted)."""
    soon, later = today() + timedelta(days=40), today() + timedelta(days=200)
    pid = api.project(start_date=(today() - timedelta(days=400)).isoformat(), end_date=soon.isoformat())["id"]
    grant = {"grant_id": "g1", "project_id": pid, "funder_id": "f", "amount": "1000.00",
             "period_start": (today() - timedelta(days=400)).isoformat(), "period_end": soon.isoformat(),
             "version": 1}
    deliver(api.runtime, "finance.grant.awarded.v1", grant, subject="g1", sequence=1)
    deliver(api.runtime, "finance.funding.ending_soon.v1", {"grant_id": "g1", "project_id": pid, "funder_id": "f",
                                                             "period_end": soon.isoformat(), "months_left": 1},
            subject="g1", sequence=1)

    def ending():
        items = api.client.get("/api/programmes/radar?months=12", headers=api.viewer).json
        return [(i["date"], i["text"]) for i in items if i["kind"] == "funding_ending"]

    assert [d for d, _ in ending()] == [soon.isoformat()]
    deliver(api.runtime, "finance.grant.amended.v1", {**grant, "period_end": later.isoformat(), "version": 2},
            subject="g1", sequence=2)
    left = months_between(today(), later)
    assert ending() == [(later.isoformat(), f"Förderzeitraum endet (noch {left} Monate)")]
    # a stale (older) amendment does not move it back
    deliver(api.runtime, "finance.grant.amended.v1", {**grant, "version": 1}, subject="g1", sequence=1)
    assert [d for d, _ in ending()] == [later.isoformat()]

    # dates that have passed drop off: funding period ended, project ended; an open report stays as overdue
    past = today() - timedelta(days=3)
    other = api.project(title="Stadtteilbüro Haken", end_date=past.isoformat(),
                        start_date=(today() - timedelta(days=400)).isoformat())["id"]
    deliver(api.runtime, "finance.funding.ending_soon.v1", {"grant_id": "g2", "project_id": other, "funder_id": "f",
                                                             "period_end": past.isoformat(), "months_left": 0},
            subject="g2", sequence=1)
    api.client.post(f"/api/programmes/projects/{other}/reports", headers=api.editor,
                    json={"title": "Verwendungsnachweis", "kind": "final", "due_date": past.isoformat()})
    items = [i for i in api.client.get("/api/programmes/radar?months=12", headers=api.viewer).json
             if i["project_id"] == other]
    assert [(i["kind"], i["overdue"]) for i in items] == [("report_due", True)]


def test_report_funder_must_be_known_from_finance(api):
    pid = api.project()["id"]
    url = f"/api/programmes/projects/{pid}/reports"
    body = {"title": "Sachbericht", "kind": "interim", "due_date": "2027-01-31"}
    unknown = api.client.post(url, json={**body, "funder_id": "demo-esf-plus"}, headers=api.editor)
    assert unknown.status_code == 422 and unknown.mimetype == "application/problem+json"
    assert unknown.json["errors"] == {"funder_id": ["Unbekannter Fördermittelgeber."]}
    deliver(api.runtime, "finance.funder.created.v1", {"funder_id": "demo-esf-plus", "name": "ESF Plus",
                                                        "type": "eu", "public": True}, subject="demo-esf-plus")
    known = api.client.post(url, json={**body, "funder_id": "demo-esf-plus"}, headers=api.editor)
    assert known.status_code == 201 and known.json["funder_id"] == "demo-esf-plus"
    assert api.client.post(url, json={**body, "funder_id": None}, headers=api.editor).status_code == 201
