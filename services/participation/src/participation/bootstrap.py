"""Composition root of the participation service."""

from pathlib import Path

from participation.adapters.orm import metadata
from participation.domain.errors import Conflict, NotFound, RuleViolation
from servicekit.runtime import ServiceSpec
from servicekit.web.i18n import Msg

SPEC = ServiceSpec(
    name="participation",
    title=Msg("Beteiligung und Gremien"),
    root=Path(__file__).resolve().parents[2],
    metadata=metadata,
    api_blueprints="participation.api:blueprints",
    ui_blueprint="participation.ui.views:ui_blueprint",
    handlers="participation.subscribers:event_handlers",
    error_map={NotFound: 404, Conflict: 409, RuleViolation: 422},
    seed="participation.seed:seed",
)
