"""Composition root of the programmes service."""

from pathlib import Path

from programmes.adapters.orm import metadata
from programmes.domain.assessment import InvalidAssessment
from programmes.domain.reference import Conflict, DuplicateCode, NotFound
from servicekit.runtime import ServiceSpec
from servicekit.web.i18n import Msg

SPEC = ServiceSpec(
    name="programmes",
    title=Msg("Programme und Projekte"),
    root=Path(__file__).resolve().parents[2],
    metadata=metadata,
    api_blueprints="programmes.api:blueprints",
    ui_blueprint="programmes.ui.views:ui_blueprint",
    handlers="programmes.subscribers:event_handlers",
    error_map={DuplicateCode: 409, Conflict: 409, NotFound: 404, InvalidAssessment: 422},
    seed="programmes.seed:seed",
    background="programmes.background:background",
)
