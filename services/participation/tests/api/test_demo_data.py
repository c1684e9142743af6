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
