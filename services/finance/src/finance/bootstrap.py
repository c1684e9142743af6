"""Composition root of the finance service."""

from pathlib import Path

from finance.adapters.orm import metadata
from finance.domain.drawdowns import DrawdownError, FourEyesViolation
from finance.domain.errors import Conflict, NotFound
from finance.domain.funders import FunderNotFound, InvalidRules
from finance.domain.journal import JournalError
from servicekit.runtime import ServiceSpec
from servicekit.web.i18n import Msg

SPEC = ServiceSpec(
    name="finance",
    title=Msg("Finanzen und Fördermittel"),
    root=Path(__file__).resolve().parents[2],
    metadata=metadata,
    api_blueprints="finance.api:blueprints",
    ui_blueprint="finance.ui.views:ui_blueprint",
    handlers="finance.subscribers:event_handlers",
    error_map={NotFound: 404, FunderNotFound: 404, Conflict: 409, JournalError: 409, DrawdownError: 409,
               FourEyesViolation: 403, InvalidRules: 422},
    seed="finance.seed:seed",
    background="finance.worker:background",
)
