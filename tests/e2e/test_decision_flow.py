"""Cross-service flow on real RabbitMQ + PostgreSQL (one database per service, one broker):

a Begleitausschuss decides on a micro-project in participation → programmes moves the project to "approved" →
finance books the amount against the body's action fund, and participation shows the booking; a second decision
that exceeds the fund is refused by finance and participation shows the refusal on the decision.
All three services run their real workers (inbox consumer + outbox relay) in threads."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from finance.bootstrap import SPEC as FINANCE
from finance.queries import action_fund_detail
from finance.service_layer import action_funds
from participation.adapters.orm import decision, project_view
from participation.bootstrap import SPEC as PARTICIPATION
from participation.service_layer import actors, bodies, decisions, meetings
from programmes.bootstrap import SPEC as PROGRAMMES
from programmes.domain.assessment import CRITERIA
from programmes.service_layer import projects, workshop
from programmes.service_layer.common import load_project
from servicekit.testing import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq]

BODY, FUND, PROJECT = "e2e-begleitausschuss", "e2e-aktionsfonds-2026", "e2e-graffiti-workshop"


@pytest.fixture
def services(make_runtime, postgres_db_factory, amqp_url):
    def make(spec):
        return make_runtime(spec, database_url=postgres_db_factory(), broker_url=amqp_url, migrate=True)

    return make(PARTICIPATION), make(PROGRAMMES), make(FINANCE)


def _project_in_application(programmes_rt) -> None:
    projects.create_project(programmes_rt.uow(), actor="e2e", id=PROJECT, title="Graffiti-Workshop am Jugendtreff",
                            fields_of_action=["jugend"])
    workshop.assess(programmes_rt.uow(), PROJECT, actor="e2e", assessors=["Ideenwerkstatt"],
                    scores={k: {"score": 3, "reason": "in der Ideenwerkstatt besprochen"} for k in CRITERIA})
    for stage in ("concept", "application"):
        projects.change_stage(programmes_rt.uow(), PROJECT, stage, actor="e2e", reason="Antrag an den Ausschuss")


def _committee(participation_rt) -> tuple[str, list[str]]:
    rt = participation_rt
    club = actors.create_organisation(rt.uow(), actor="e2e", name="Jugendclub Haken", kind="verein")["id"]
    members = []
    for i, org in enumerate([None, club, None, None]):
        p = actors.create_person(rt.uow(), actor="e2e", name=f"Mitglied {i}", email=f"m{i}@example.org")
        members.append(bodies.add_membership(rt.uow(), BODY, actor="e2e", person_id=p["id"], role="member",
                                             organisation_id=org)["id"])
    meeting = meetings.schedule_meeting(rt.uow(), BODY, actor="e2e", title="Sitzung Juni 2026",
                                        starts_at=datetime(2026, 6, 18, 17, tzinfo=UTC), place="Rathaus")["id"]
    meetings.record_attendance(rt.uow(), meeting, actor="e2e", present=members)
    return meeting, members


def _vote_and_decide(rt, item_id: str, voters: list[str]) -> dict:
    for membership_id in voters:
        decisions.cast_vote(rt.uow(), item_id, actor="e2e", membership_id=membership_id, choice="yes")
    return decisions.decide(rt.uow(), item_id, actor="e2e")


def _decision(rt, decision_id: str) -> dict:
    with rt.engine.connect() as conn:
        return dict(conn.execute(select(decision).where(decision.c.id == decision_id)).mappings().one())


def test_decision_approves_project_and_books_action_fund(services, threaded_worker):
    participation, programmes, finance = services
    action_funds.create_fund(finance.uow(), actor="e2e", id=FUND, body_id=BODY, year=2026,
                             budget=Decimal("2000.00"), name="Aktionsfonds 2026")
    bodies.create_body(participation.uow(), actor="e2e", id=BODY, name="Begleitausschuss Demokratie leben!",
                       type="begleitausschuss")
    with threaded_worker(participation), threaded_worker(programmes), threaded_worker(finance):
        _project_in_application(programmes)

        def agenda_link():  # participation's read model of programmes' projects (for agenda links)
            with participation.engine.connect() as conn:
                return conn.execute(select(project_view.c.stage)
                                    .where(project_view.c.project_id == PROJECT)).scalar() == "application"

        wait_until(agenda_link, timeout=30, message="project read model in participation")
        meeting, members = _committee(participation)
        item = meetings.add_agenda_item(participation.uow(), meeting, actor="e2e", title="Graffiti-Workshop",
                                        project_id=PROJECT, applicant_organisation_id=None,
                                        amount=Decimal("1500.00"))["id"]
        made = _vote_and_decide(participation, item, members[:3])
        assert (made["number"], made["outcome"], made["amount"]) == ("BA-2026-001", "approved", Decimal("1500.00"))

        def stage():
            with programmes.engine.connect() as conn:
                return load_project(conn, PROJECT)["stage"]

        wait_until(lambda: stage() == "approved", timeout=30, message="project approved in programmes")

        def booked():
            with finance.engine.connect() as conn:
                return action_fund_detail(conn, FUND)["bookings"]

        [booking] = wait_until(booked, timeout=30, message="booking in finance")
        assert (booking["decision_id"], booking["amount"], booking["number"]) == (made["id"], Decimal("1500.00"),
                                                                                  "BA-2026-001")
        wait_until(lambda: _decision(participation, made["id"])["booked_remaining"] == Decimal("500.00"),
                   timeout=30, message="booking shown on the decision in participation")

        # a second micro-project exceeds what is left in the fund: finance refuses, participation shows it
        second = meetings.add_agenda_item(participation.uow(), meeting, actor="e2e", title="Stadtteilfest",
                                          amount=Decimal("800.00"))["id"]
        refused = _vote_and_decide(participation, second, members[:3])
        wait_until(lambda: _decision(participation, refused["id"])["refusal_reason"], timeout=30,
                   message="refusal shown on the decision in participation")
    assert "500.00" in _decision(participation, refused["id"])["refusal_reason"]
    with finance.engine.connect() as conn:
        detail = action_fund_detail(conn, FUND)
    assert detail["remaining"] == Decimal("500.00")
    assert [r["decision_id"] for r in detail["refusals"]] == [refused["id"]]
    with programmes.engine.connect() as conn:
        assert load_project(conn, PROJECT)["stage"] == "approved"
