"""An event called off by the participation office (``participation.event.cancelled``): its news draft still
waiting for approval is rejected with the reason, an approved item not yet sent is flagged for the editors, and
what is sent or sending stays as it is. Redelivery and events nobody drafted about change nothing."""

from __future__ import annotations

from sqlalchemy import select, update

from newsletter.adapters.orm import issue, news_item
from newsletter.bootstrap import SPEC
from newsletter.service_layer import issues, news
from newsletter.subscribers import event_handlers
from servicekit.db.audit import audit_trail
from servicekit.messaging.envelope import Envelope

CANCELLED = "participation.event.cancelled.v1"


def deliver(rt, type_: str, data: dict, sequence: int = 1) -> None:
    env = Envelope(type=type_, source="/services/participation", subject=data["event_id"], data=data,
                   sequence=sequence)
    with rt.uow() as uow:
        event_handlers()[type_](uow, env)
        uow.commit()


def published(rt, event_id: str, title: str = "Stadtteilfest Haken") -> None:
    deliver(rt, "participation.event.published.v1", {
        "event_id": event_id, "title": title, "starts_at": "2026-06-20T14:00:00+02:00", "place": "Bürgerplatz",
        "summary": "Musik und Essen.", "fields_of_action": ["kultur"], "districts": ["haken"]})


def cancelled(rt, event_id: str, title: str = "Stadtteilfest Haken", reason: str = "Unwetterwarnung.") -> None:
    deliver(rt, CANCELLED, {"event_id": event_id, "title": title, "cancelled_at": "2026-06-19T09:00:00+00:00",
                            "reason": reason}, sequence=2)


def items(rt) -> dict[str, dict]:
    with rt.engine.connect() as conn:
        return {r["source_id"]: dict(r) for r in conn.execute(select(news_item)).mappings()}


def trail(rt, news_id: str) -> list[dict]:
    with rt.uow() as uow:
        return [a for a in audit_trail(uow.session, rt.metadata, "news_item", news_id)
                if a["actor"] == "ereignis:participation.event.cancelled"]


def test_the_waiting_draft_is_rejected_with_the_reason_once(make_runtime):
    rt = make_runtime(SPEC)
    published(rt, "e1")
    assert items(rt)["e1"]["status"] == "draft"
    cancelled(rt, "e1")
    item = items(rt)["e1"]
    assert item["status"] == "rejected"
    assert item["editor_note"] == "Veranstaltung abgesagt: Stadtteilfest Haken – Unwetterwarnung."
    [audit] = trail(rt, item["id"])
    assert audit["action"] == "rejected" and audit["changes"]["reason"] == item["editor_note"]

    cancelled(rt, "e1")  # redelivered (a new event id: the inbox does not catch it)
    published(rt, "e1")  # the publication redelivered late: no second draft, the rejection stays
    assert items(rt) == {"e1": item} and len(trail(rt, item["id"])) == 1


def test_an_approved_item_not_yet_sent_is_flagged_and_keeps_its_status(make_runtime):
    rt = make_runtime(SPEC)
    published(rt, "e2")
    nid = items(rt)["e2"]["id"]
    news.decide(rt.uow(), nid, approve=True, actor="pr")
    iid = issues.create_issue(rt.uow(), title="Ausgabe Juni", news_ids=[nid], actor="pr")["id"]
    issues.schedule(rt.uow(), iid, at=None, actor="pr")  # planned, not sent
    cancelled(rt, "e2", reason="")
    item = items(rt)["e2"]
    assert item["status"] == "approved" and item["approved_by"] == "pr"
    assert item["editor_note"].startswith("Veranstaltung abgesagt: Stadtteilfest Haken. Die Meldung ist "
                                          "freigegeben, aber noch nicht versendet")
    [audit] = trail(rt, nid)
    assert audit["action"] == "flagged"
    cancelled(rt, "e2", reason="")
    assert items(rt)["e2"] == item and len(trail(rt, nid)) == 1


def test_sent_and_rejected_items_and_unknown_events_stay_as_they_are(make_runtime):
    rt = make_runtime(SPEC)
    published(rt, "sent")
    published(rt, "no")
    nid = items(rt)["sent"]["id"]
    news.decide(rt.uow(), nid, approve=True, actor="pr")
    news.decide(rt.uow(), items(rt)["no"]["id"], approve=False, actor="pr")
    iid = issues.create_issue(rt.uow(), title="Ausgabe Mai", news_ids=[nid], actor="pr")["id"]
    with rt.engine.begin() as conn:
        conn.execute(update(issue).where(issue.c.id == iid).values(status="sent"))
    manual = news.create_news(rt.uow(), title="Stadtteilfest Haken fällt aus?", actor="pr")["id"]
    before = items(rt)

    cancelled(rt, "sent")
    cancelled(rt, "no")
    cancelled(rt, "nie-veröffentlicht")  # never drafted here: nothing to do
    assert items(rt) == before
    assert trail(rt, nid) == [] and trail(rt, manual) == []


def test_the_note_shows_in_the_api_and_the_news_queue(make_client, auth_header):
    client, rt = make_client(SPEC)
    published(rt, "e3", title="Lesenacht")
    cancelled(rt, "e3", title="Lesenacht", reason="Die Bücherei ist geschlossen.")
    nid = items(rt)["e3"]["id"]
    h = auth_header("newsletter.editor", user="pr")
    got = client.get(f"/api/newsletter/news/{nid}", headers=h).json
    assert (got["status"], got["editor_note"]) == (
        "rejected", "Veranstaltung abgesagt: Lesenacht – Die Bücherei ist geschlossen.")
    page = client.get("/intern/newsletter/meldungen", headers=h)
    assert page.status_code == 200 and "Veranstaltung abgesagt: Lesenacht" in page.text
    detail = client.get(f"/intern/newsletter/meldungen/{nid}", headers=h)
    assert "Hinweis für die Redaktion:" in detail.text
