"""A decision's news draft gets the project's funder notice whatever order the events arrive in: usually the
committee decides before the project is published (with its notice), and a published project may name its
funders only in a later update. Only drafts still waiting for approval and without a notice are filled;
handlers run again (redelivery) change nothing."""

from __future__ import annotations

from sqlalchemy import select

from newsletter.adapters.orm import news_item
from newsletter.bootstrap import SPEC
from newsletter.service_layer import issues, news
from newsletter.subscribers import event_handlers
from servicekit.db.audit import audit_trail
from servicekit.messaging.envelope import Envelope

ESF = "Gefördert aus Mitteln des ESF Plus."
PROJECT_URL = "https://aktiv.example/projekte/juze"


def deliver(rt, type_: str, data: dict, sequence: int = 1) -> None:
    env = Envelope(type=type_, source="/services/test", subject=data.get("project_id") or "x", data=data,
                   sequence=sequence)
    with rt.uow() as uow:
        event_handlers()[type_](uow, env)
        uow.commit()


def published(rt, notice: str = ESF, sequence: int = 1, project_id: str = "juze") -> None:
    deliver(rt, "programmes.project.published.v1", {
        "project_id": project_id, "title": "JUZE-Truck", "stage": "running", "summary": "Jugendtreff auf Rädern.",
        "funder_notice": notice, "url": PROJECT_URL, "fields_of_action": ["jugend"], "districts": []}, sequence)


def decided(rt, decision_id: str = "d1", project_id: str | None = "juze", outcome: str = "approved") -> None:
    deliver(rt, "participation.decision.made.v1", {
        "decision_id": decision_id, "number": f"2026/{decision_id}", "body_id": "demo-begleitausschuss",
        "body_type": "committee", "project_id": project_id, "outcome": outcome, "amount": "1500.00",
        "title": "Graffiti-Workshop", "year": 2026})


def drafts(rt) -> dict[str, dict]:
    """source id → item: decision ids for decisions, the project id for the project's own draft."""
    with rt.engine.connect() as conn:
        return {r["source_id"]: dict(r) for r in conn.execute(select(news_item)).mappings()}


def notice_audits(rt, news_id: str) -> list[dict]:
    with rt.uow() as uow:
        trail = audit_trail(uow.session, rt.metadata, "news_item", news_id)
    return [a for a in trail if a["action"] == "funder_notice_added"]


def test_decision_first_then_publication_fills_the_decision_draft_once(make_runtime):
    rt = make_runtime(SPEC)
    decided(rt)
    before = drafts(rt)["d1"]
    assert before["funder_notice"] == "" and before["link"] == "" and before["project_id"] == "juze"

    published(rt)
    after = drafts(rt)
    assert after["d1"]["funder_notice"] == ESF and after["d1"]["link"] == PROJECT_URL
    assert after["d1"]["status"] == "draft" and after["d1"]["title"] == before["title"]
    assert after["juze"]["funder_notice"] == ESF  # the project's own draft, as before
    [audit] = notice_audits(rt, after["d1"]["id"])
    assert audit["actor"] == "ereignis:programmes.project.published"

    published(rt)  # redelivered
    decided(rt)  # redelivered
    assert drafts(rt) == after and len(notice_audits(rt, after["d1"]["id"])) == 1


def test_publication_first_then_decision_has_the_notice_from_the_start(make_runtime):
    rt = make_runtime(SPEC)
    published(rt)
    decided(rt)
    item = drafts(rt)["d1"]
    assert (item["funder_notice"], item["link"], item["project_id"]) == (ESF, PROJECT_URL, "juze")
    assert notice_audits(rt, item["id"]) == []  # drafted with it, nothing filled in later
    published(rt)
    decided(rt)
    assert drafts(rt)["d1"] == item


def test_a_later_update_that_names_the_funders_fills_the_drafts_still_without_one(make_runtime):
    rt = make_runtime(SPEC)
    published(rt, notice="", sequence=1)  # published before any funder was assigned
    decided(rt)
    assert {k: v["funder_notice"] for k, v in drafts(rt).items()} == {"juze": "", "d1": ""}

    published(rt, notice=ESF, sequence=2)  # the update of the published project
    assert {k: v["funder_notice"] for k, v in drafts(rt).items()} == {"juze": ESF, "d1": ESF}

    published(rt, notice="", sequence=1)  # the old event redelivered late: nothing goes back
    published(rt, notice="Gefördert von der Stadt.", sequence=3)  # they have one now: it stays
    assert {k: v["funder_notice"] for k, v in drafts(rt).items()} == {"juze": ESF, "d1": ESF}


def test_a_stale_event_still_fills_in_the_latest_known_notice(make_runtime):
    rt = make_runtime(SPEC)
    published(rt, notice=ESF, sequence=2)
    decided(rt, "d1")
    news.update_news(rt.uow(), drafts(rt)["d1"]["id"], actor="pr", funder_notice="")  # an editor cleared it
    decided(rt, "d2")
    published(rt, notice="", sequence=1)  # older than what we know: the read model keeps ESF
    # a draft without a notice gets the latest known one, also one an editor had emptied: the notice is an
    # obligation of the funding, and a wrong one is corrected in the project, which sends it again
    assert drafts(rt)["d2"]["funder_notice"] == ESF and drafts(rt)["d1"]["funder_notice"] == ESF


def test_approved_rejected_sent_and_hand_written_items_are_never_changed(make_runtime):
    rt = make_runtime(SPEC)
    for decision_id in ("approved", "rejected", "sent", "own", "waiting"):
        decided(rt, decision_id)
    decided(rt, "other-project", project_id="anderes")
    decided(rt, "no-project", project_id=None)
    ids = {k: v["id"] for k, v in drafts(rt).items()}
    news.decide(rt.uow(), ids["approved"], approve=True, actor="pr")
    news.decide(rt.uow(), ids["rejected"], approve=False, actor="pr")
    news.decide(rt.uow(), ids["sent"], approve=True, actor="pr")
    iid = issues.create_issue(rt.uow(), title="Ausgabe Juli", news_ids=[ids["sent"]], actor="pr")["id"]
    issues.schedule(rt.uow(), iid, at=None, actor="pr")
    news.update_news(rt.uow(), ids["own"], actor="pr", funder_notice="Mit Unterstützung der Sparkasse.")
    before = drafts(rt)

    published(rt)
    after = drafts(rt)
    assert after["waiting"]["funder_notice"] == ESF and after["waiting"]["link"] == PROJECT_URL
    for unchanged in ("approved", "rejected", "sent", "own", "other-project", "no-project"):
        assert after[unchanged] == before[unchanged], unchanged
    assert after["own"]["funder_notice"] == "Mit Unterstützung der Sparkasse."


def test_the_issue_preview_shows_the_notice_that_arrived_after_the_decision(make_client, auth_header):
    client, rt = make_client(SPEC)
    decided(rt)
    published(rt)
    nid = drafts(rt)["d1"]["id"]
    news.decide(rt.uow(), nid, approve=True, actor="pr")
    iid = issues.create_issue(rt.uow(), title="Ausgabe Juli", news_ids=[nid], actor="pr")["id"]
    preview = client.get(f"/intern/newsletter/ausgaben/{iid}/vorschau", headers=auth_header("viewer"))
    assert preview.status_code == 200 and ESF in preview.text and "Beschluss 2026/d1" in preview.text
