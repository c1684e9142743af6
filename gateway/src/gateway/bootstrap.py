"""Composition root of the gateway. It is not event-driven; the ServiceSpec carries its tables and
migrations so that servicekit's Runtime (engine, Alembic) and ``scripts/migration.py`` work unchanged."""

from pathlib import Path

from gateway.adapters.orm import metadata
from servicekit.runtime import ServiceSpec

SPEC = ServiceSpec(
    name="gateway",
    title="Gateway",
    root=Path(__file__).resolve().parents[2],
    metadata=metadata,
)

DEPARTMENTS = {
    "programmes": ("Programme und Projekte", ("programmes.editor", "viewer")),
    "finance": ("Finanzen und Fördermittel", ("finance.clerk", "finance.approver", "viewer")),
    "participation": ("Beteiligung und Gremien", ("participation.editor", "viewer")),
    "newsletter": ("Newsletter", ("newsletter.editor", "viewer")),
}
