from sqlalchemy import func, select

from participation.bootstrap import SPEC


def _count(runtime, name):
    with runtime.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(SPEC.metadata.tables[name])).scalar()


def test_seed_is_idempotent_and_fills_every_area(make_client, auth_header):
    client, runtime = make_client(SPEC)
    SPEC.seed(runtime)
    outbox_after_first = _count(runtime, "outbox")
    SPEC.seed(runtime)
    assert _count(runtime, "outbox") == outbox_after_first
    h = auth_header("viewer")
    bodies = {b["id"]: b for b in client.get("/api/participation/bodies", headers=h).json}
    assert {"demo-begleitausschuss", "demo-steuerungsgruppe", "demo-arbeitskreis"} <= set(bodies)
    decisions = client.get("/api/participation/decisions?body_id=demo-begleitausschuss", headers=h).json
    assert [d["number"] for d in decisions] == ["BA-2026-002", "BA-2026-001"]
    assert {d["outcome"] for d in decisions} == {"approved"}
    meeting = client.get("/api/participation/meetings/demo-ba-sitzung-2026-03", headers=h).json
    assert meeting["minutes_status"] == "approved"
    workshop = next(i for i in meeting["items"] if i["id"] == "demo-top-demokratiewerkstatt")
    assert [r["name"] for r in workshop["recusals"]] == ["Emre Yılmaz"]
    events = client.get("/api/participation/public/events").json
    assert [e["id"] for e in events] == ["demo-engagementtag"]
    opportunities = client.get("/api/participation/public/opportunities").json
    assert any(o["kind"] == "sponsorship" and "Spielplatz" in o["title"] for o in opportunities)
    with runtime.engine.connect() as conn:
        outbox = SPEC.metadata.tables["outbox"]
        types = set(conn.execute(select(outbox.c.type)).scalars())
    assert {"participation.organisation.created.v1", "participation.decision.made.v1",
            "participation.meeting.scheduled.v1", "participation.event.published.v1"} <= types


def test_seeding_one_service_declares_every_inbox_first(tmp_path):
    """A seed run before the other departments' workers listen (the browser stack seeds once the web processes
    answer) must not lose its first events: ``servicekit.cli <service> seed`` declares every installed service's
    inbox before it publishes, so programmes' demo programmes reach participation's read model (a body's
    programme shown by name) however late participation's worker starts."""
    import json
    import os
    import subprocess
    import sys

    env = {**{k: v for k, v in os.environ.items() if not k.startswith("AKTIV_")},
           "AKTIV_ENV": "development", "AKTIV_VAR_DIR": str(tmp_path), "AKTIV_LOG_LEVEL": "WARNING"}
    (tmp_path / "data").mkdir()
    for command in ("migrate", "seed"):
        subprocess.run([sys.executable, "-m", "servicekit.cli", "programmes", command], env=env, check=True,
                       capture_output=True, timeout=180)
    bindings = json.loads((tmp_path / "bus" / "control" / "aktiv.events.exchange").read_text())
    routed = {(b[0], b[2]) for b in bindings}
    for verb in ("created", "started", "updated"):
        assert (f"programmes.programme.{verb}.v1", "participation.inbox") in routed
    assert ("programmes.project.stage_changed.v1", "finance.inbox") in routed


def test_the_demo_is_in_kaufbeurens_local_time_and_by_a_person(make_client, auth_header):
    """The Begleitausschuss meets at 18:00 Uhr (stored as 17:00 UTC in winter, 16:00 UTC in summer); the
    Engagementtag opens at 14:00 Uhr; what the seed recorded reads "Bea Beteiligung (Demo), …"."""
    import re

    client, runtime = make_client(SPEC)
    SPEC.seed(runtime)
    h = auth_header("viewer")
    winter = client.get("/api/participation/meetings/demo-ba-sitzung-2026-03", headers=h).json
    summer = client.get("/api/participation/meetings/demo-ba-sitzung-2026-05", headers=h).json
    assert winter["starts_at"].startswith("2026-03-12T17:00:00") and summer["starts_at"].startswith("2026-05-07T16:00")
    html = {**h, "Accept": "text/html"}
    page = client.get("/intern/participation/sitzungen/demo-ba-sitzung-2026-03", headers=html).text
    assert "12.03.2026, 18:00 Uhr" in page and "19:00 Uhr" not in page
    assert re.search(r"Festgestellt von Bea Beteiligung \(Demo\), \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr", page)
    assert "07.05.2026, 18:00 Uhr" in client.get("/intern/participation/sitzungen/demo-ba-sitzung-2026-05",
                                                  headers=html).text
    event = client.get("/intern/participation/veranstaltungen/demo-engagementtag", headers=html).text
    assert "14:00 Uhr" in event and "18:00 Uhr" in event and "15:00 Uhr" not in event
    audit = client.get("/intern/participation/audit", headers={**auth_header("participation.editor"),
                                                                "Accept": "text/html"}).text
    assert "Bea Beteiligung (Demo)" in audit and "Demodaten" not in audit
