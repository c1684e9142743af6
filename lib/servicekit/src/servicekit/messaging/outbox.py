"""Transactional outbox: an event is a row written in the same transaction as the domain change."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import MetaData, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from servicekit.db.tables import add_infrastructure_tables
from servicekit.logging import correlation_id
from servicekit.messaging.envelope import Envelope

# What a published row of a personal event (and an erased one) keeps as payload; event id, type, subject and
# sequence stay in their columns.
REDACTED_PAYLOAD = json.dumps({"redacted": "Art. 17 DSGVO"})


class Outbox:
    def __init__(self, metadata: MetaData, service: str, registry) -> None:
        tables = add_infrastructure_tables(metadata)
        self.table = tables["outbox"]
        self.sequences = tables["aggregate_sequence"]
        self.service = service
        self.source = f"/services/{service}"
        self.registry = registry

    def next_sequence(self, session: Session, aggregate: str) -> int:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        stmt = (
            insert(self.sequences)
            .values(subject=aggregate, last_sequence=1)
            .on_conflict_do_update(index_elements=["subject"],
                                   set_={"last_sequence": self.sequences.c.last_sequence + 1})
            .returning(self.sequences.c.last_sequence)
        )
        return int(session.execute(stmt).scalar_one())

    def add(self, session: Session, type_: str, subject: str, data: dict) -> str:
        """Validate against the contract (strict) and stage the event. Returns the event id."""
        payload = self.registry.validate(type_, data, strict=True)
        entity = type_.split(".")[1]
        sequence = self.next_sequence(session, f"{entity}:{subject}")
        event_id = str(uuid.uuid4())
        now = datetime.now(UTC)
        envelope = Envelope(type=type_, source=self.source, subject=subject, data=payload, id=event_id,
                            time=now.isoformat(), correlationid=correlation_id.get(), sequence=sequence)
        session.execute(self.table.insert().values(
            event_id=event_id, type=type_, subject=subject, sequence=sequence,
            correlation_id=envelope.correlationid, payload=envelope.to_json(), created_at=now,
            published_at=None, attempts=0,
        ))
        return event_id

    def redact_published(self, session: Session, needle: str) -> int:
        """DSGVO: published events that mention ``needle`` (e.g. an e-mail address) keep their row for the
        record but lose their payload. Unpublished rows are left alone: they still have to be delivered."""
        if not needle:
            return 0
        result = session.execute(self.table.update().where(self.table.c.published_at.is_not(None),
                                                           self.table.c.payload.contains(needle))
                                 .values(payload=REDACTED_PAYLOAD))
        return result.rowcount or 0

    def purge_published(self, session: Session, older_than_days: int) -> int:
        """Retention: published rows older than ``older_than_days`` are deleted (the broker has them)."""
        cutoff = datetime.now(UTC) - timedelta(days=older_than_days)
        result = session.execute(self.table.delete().where(self.table.c.published_at.is_not(None),
                                                           self.table.c.published_at < cutoff))
        return result.rowcount or 0

    def stats(self, session: Session) -> tuple[int, float]:
        """(pending rows, age in seconds of the oldest pending row)."""
        row = session.execute(
            select(func.count(), func.min(self.table.c.created_at)).where(self.table.c.published_at.is_(None))
        ).one()
        pending, oldest = int(row[0]), row[1]
        if oldest is None:
            return pending, 0.0
        if oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)
        return pending, max(0.0, (datetime.now(UTC) - oldest).total_seconds())


def envelope_of(row) -> Envelope:
    return Envelope.from_dict(json.loads(row.payload))
