"""``chaossink``: a witness consumer next to the real services, through servicekit's inbox.

Every application leaves one ``effect`` row, and the table deliberately has no unique key on the event id: if
the inbox ever let an event through twice, the chaos test would count two rows (the services' own tables are
keyed, so there a double application would be hidden). Probes with ``note == "poison"`` always fail (the
poison-message run)."""

from pathlib import Path

from sqlalchemy import Column, Integer, String, Table

from servicekit.db import naming_metadata
from servicekit.runtime import ServiceSpec

metadata = naming_metadata()
effect = Table("effect", metadata,
               Column("id", Integer, primary_key=True, autoincrement=True),
               Column("event_id", String(64), nullable=False, index=True),
               Column("run", String(64), nullable=False),
               Column("n", Integer, nullable=False))


class Poison(RuntimeError):
    """A message no retry can fix."""


def on_probe(uow, event) -> None:
    if event.data.get("note") == "poison":
        raise Poison(f"poison probe {event.data['n']}")
    uow.session.execute(effect.insert().values(event_id=event.id, run=event.data["probe_id"], n=event.data["n"]))


def on_decision(uow, event) -> None:
    run, n = event.data["decision_id"].rsplit("-", 1)
    uow.session.execute(effect.insert().values(event_id=event.id, run=run, n=int(n)))


SPEC = ServiceSpec(name="chaossink", title="Chaos-Senke", root=Path(__file__).resolve().parent, metadata=metadata,
                   handlers=lambda: {"system.probe.sent.v1": on_probe, "participation.decision.made.v1": on_decision})
