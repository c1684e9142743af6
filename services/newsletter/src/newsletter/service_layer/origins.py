"""Where a news item comes from, by name: written by hand, or drafted from another department's event.

The codes are the event types (``participation.event.published``); people read the labels, German in the API
(a :class:`~servicekit.web.i18n.Msg`), translated on the screens with ``tr``.
"""

from __future__ import annotations

from servicekit.web.i18n import Msg

MANUAL = "manual"
ORIGIN_LABELS = {
    MANUAL: Msg("von Hand geschrieben"),
    "programmes.project.published": Msg("Projekt veröffentlicht (Programmbüro)"),
    "programmes.programme.started": Msg("Förderprogramm gestartet (Programmbüro)"),
    "participation.event.published": Msg("Veranstaltung veröffentlicht (Netzwerkarbeit)"),
    "participation.decision.made": Msg("Beschluss gefasst (Netzwerkarbeit)"),
}
OTHER = Msg("Entwurf aus einem anderen Fachbereich")


def origin_label(source_type: str | None) -> Msg:
    """The origin's label; an event type this service does not know (yet) is never shown as its code."""
    return ORIGIN_LABELS.get(source_type or MANUAL, OTHER)
