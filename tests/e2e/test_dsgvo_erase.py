"""DSGVO across services, on real RabbitMQ + PostgreSQL: one person is at once a committee member and a
volunteer (participation), registered for a public event (participation, with a confirmation mail sent by the
newsletter service) and a newsletter subscriber. Exported in both services, then erased in participation:
the erasure travels as participation.person.erased.v1 and the newsletter service erases its part. Records that
must stay (membership, i.e. the composition of the body) stay, anonymised."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from newsletter.adapters.orm import subscriber
from newsletter.adapters.tokens import Tokens
from newsletter.bootstrap import SPEC as NEWSLETTER
from newsletter.service_layer import subscriptions
from participation.adapters.orm import membership, person
from participation.bootstrap import SPEC as PARTICIPATION
from participation.service_layer import actors, bodies, events, volunteering
from servicekit.testing import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq]

EMAIL = "erika.beispiel@example.org"
NAME = "Erika Beispiel"


@pytest.fixture
def services(make_runtime, postgres_db_factory, amqp_url):
    def make(spec):
        return make_runtime(spec, database_url=postgres_db_factory(), broker_url=amqp_url, migrate=True)

    return make(PARTICIPATION), make(NEWSLETTER)


def _everything_mentioning(runtime, *needles: str, skip=("inbox", "aggregate_sequence")) -> list[str]:
    """Every table.row of the service's database whose text contains one of ``needles`` (an address, a name;
    also as JSON writes it, with non-ASCII letters escaped)."""
    forms = {n.lower() for n in needles} | {json.dumps(n)[1:-1].lower() for n in needles}
    hits = []
    with runtime.engine.connect() as conn:
        for table in runtime.metadata.sorted_tables:
            if table.name in skip:
                continue
            for row in conn.execute(select(table)).mappings():
                text_ = str(dict(row)).lower()
                if any(f in text_ for f in forms):
                    hits.append(f"{table.name}: {dict(row)}")
    return hits


def test_person_in_several_roles_is_exported_and_erased_everywhere(services, threaded_worker):
    participation, newsletter = services
    public_url = participation.settings.public_url
    erika = actors.create_person(participation.uow(), actor="e2e", name=NAME, email=EMAIL)["id"]
    bodies.create_body(participation.uow(), actor="e2e", id="e2e-ak", name="Arbeitskreis Spielplätze",
                       type="arbeitskreis")
    bodies.add_membership(participation.uow(), "e2e-ak", actor="e2e", person_id=erika, role="member")
    volunteering.create_opportunity(participation.uow(), actor="e2e", id="e2e-paten", title="Spielplatzpaten")
    volunteering.sign_up(participation.uow(), "e2e-paten", name=NAME, email=EMAIL, phone=None,
                         message="Ich helfe gern", language="de", public_url=public_url)
    events.create_event(participation.uow(), actor="e2e", id="e2e-fest", title="Spielplatzfest", capacity=20,
                        starts_at=datetime.now(UTC) + timedelta(days=20), publish=True)
    events.register(participation.uow(), "e2e-fest", name=NAME, email=EMAIL, seats=1, language="de",
                    public_url=public_url)
    subscriptions.subscribe(newsletter.uow(), newsletter.settings, email=EMAIL, name=NAME,
                            topics=[], language="de", consent_text_version="2026-01", form="website")
    with newsletter.engine.connect() as conn:
        sid, cid = conn.execute(select(subscriber.c.id, subscriber.c.consent_id)
                                .where(subscriber.c.email == EMAIL)).one()
    subscriptions.confirm(newsletter.uow(), newsletter.settings, Tokens.from_settings(newsletter.settings)
                          .confirm_token(sid, cid))

    with threaded_worker(newsletter), threaded_worker(participation):
        # The volunteer and registration mails reach the newsletter service as transactional mails.
        wait_until(lambda: len(_everything_mentioning(newsletter, EMAIL)) >= 3, timeout=60,
                   message="mail requests from participation arrived in newsletter")

        # Art. 15: both services export what they hold.
        with participation.engine.connect() as conn:
            exported = actors.export_person(conn, erika)
        assert exported["person"]["email"] == EMAIL
        assert exported["memberships"] and exported["signups"] and exported["registrations"]
        with newsletter.session_factory() as session:
            assert subscriptions.export_subscriber(session, sid)["subscriber"]["email"] == EMAIL

        # Art. 17: erased in participation, and through the event in newsletter.
        actors.erase_person(participation.uow(), erika, actor="datenschutz")
        wait_until(lambda: not _everything_mentioning(newsletter, EMAIL, NAME, skip=("inbox", "aggregate_sequence")),
                   timeout=60, message="newsletter erased every trace of the address and the name")

    with newsletter.engine.connect() as conn:
        assert conn.execute(select(subscriber.c.status).where(subscriber.c.id == sid)).scalar() == "erased"
    # Participation: no trace anywhere, its outbox included. The erasure event named the person by the keyed
    # lookup key of the address, and its row (like every published row of a personal event) kept no payload.
    # Neither the address nor the name: the audit log, too, keeps who did what and when, not whom it concerned.
    leftovers = _everything_mentioning(participation, EMAIL, NAME, skip=("inbox", "aggregate_sequence"))
    assert leftovers == []
    with participation.engine.connect() as conn:
        erasure = conn.execute(text("SELECT payload, published_at FROM outbox WHERE type = :t"),
                               {"t": "participation.person.erased.v1"}).one()
        assert erasure.published_at is not None and "Art. 17" in erasure.payload
        requested = conn.execute(text("SELECT payload FROM outbox WHERE type = :t"),
                                 {"t": "participation.mail.requested.v1"}).scalars().all()
        assert requested and all("Art. 17" in p for p in requested)
        # The body's composition stays valid: the membership is there, the person shows "anonymisiert".
        assert conn.execute(select(membership.c.id).where(membership.c.person_id == erika)).first() is not None
        assert conn.execute(select(person.c.name).where(person.c.id == erika)).scalar() == "anonymisiert"
