"""Composition root of the newsletter service."""

from pathlib import Path

from newsletter.adapters.orm import metadata
from newsletter.domain.model import InvalidToken, NewsletterError, NotFound
from servicekit.runtime import ServiceSpec
from servicekit.web.i18n import Msg

SPEC = ServiceSpec(
    name="newsletter",
    title=Msg("Newsletter"),
    root=Path(__file__).resolve().parents[2],
    metadata=metadata,
    api_blueprints="newsletter.api:blueprints",
    ui_blueprint="newsletter.ui.views:ui_blueprint",
    handlers="newsletter.subscribers:event_handlers",
    error_map={NewsletterError: 409, InvalidToken: 400, NotFound: 404},
    seed="newsletter.seed:seed",
    background="newsletter.sender:background",
)
