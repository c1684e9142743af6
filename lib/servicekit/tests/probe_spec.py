"""Two tiny services for the plumbing tests: ``alpha`` publishes probes, ``beta`` applies them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Integer, String, Table, func, select

from servicekit.db import naming_metadata
from servicekit.runtime import ServiceSpec


class Poison(RuntimeError):
    pass


def make_specs(prefix: str = "t") -> tuple[ServiceSpec, ServiceSpec]:
    alpha_md = naming_metadata()
    beta_md = naming_metadata()
    applied = Table("applied", beta_md, Column("id", Integer, primary_key=True, autoincrement=True),
                    Column("probe_id", String(64), nullable=False), Column("n", Integer, nullable=False),
                    Column("event_id", String(64), nullable=False))

    def on_probe(uow, event):
        if event.data.get("note") == "poison":
            raise Poison("this probe always fails")
        if event.data.get("note") == "slow":
            import time

            time.sleep(0.02)
        uow.session.execute(applied.insert().values(probe_id=event.data["probe_id"], n=event.data["n"],
                                                    event_id=event.id))

    alpha = ServiceSpec(name=f"{prefix}alpha", title="Alpha", root=Path(__file__).parent, metadata=alpha_md)
    beta = ServiceSpec(name=f"{prefix}beta", title="Beta", root=Path(__file__).parent, metadata=beta_md,
                       handlers=lambda: {"system.probe.sent.v1": on_probe})
    beta.applied = applied  # type: ignore[attr-defined]
    return alpha, beta


def publish_probes(runtime, probe_id: str, ns, note: str = "") -> list[str]:
    ids = []
    with runtime.uow() as uow:
        for n in ns:
            ids.append(uow.publish("system.probe.sent.v1", probe_id, {"probe_id": probe_id, "n": n, "note": note}))
        uow.commit()
    return ids


def applied_counts(runtime, applied, probe_id: str) -> tuple[int, int]:
    """(rows applied, distinct n applied) for one probe run."""
    with runtime.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(applied).where(applied.c.probe_id == probe_id)).scalar()
        distinct = conn.execute(select(func.count(func.distinct(applied.c.n))).where(applied.c.probe_id == probe_id)).scalar()
    return int(total), int(distinct)
