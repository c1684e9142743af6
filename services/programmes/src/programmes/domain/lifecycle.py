"""Project lifecycle (idea → … → sustained | ended; rejected and withdrawn are exits) and its guards.

Every refused step carries a German reason a person can act on (a ``Msg``: German everywhere, translated on
screen). Standard library and servicekit's ``Msg`` only."""

from __future__ import annotations

from dataclasses import dataclass

from programmes.domain.reference import Conflict
from servicekit.web.i18n import Msg

STAGES = ("idea", "assessed", "concept", "application", "approved", "running", "closing",
          "evaluated", "sustained", "ended", "rejected", "withdrawn")

STAGE_LABELS = {
    "idea": Msg("Idee"), "assessed": Msg("Bewertet"), "concept": Msg("Konzept"), "application": Msg("Antrag"),
    "approved": Msg("Bewilligt"), "running": Msg("Laufend"), "closing": Msg("Abschluss"),
    "evaluated": Msg("Evaluiert"), "sustained": Msg("Verstetigt"), "ended": Msg("Beendet"),
    "rejected": Msg("Abgelehnt"), "withdrawn": Msg("Zurückgezogen"),
}

EXITS = ("rejected", "withdrawn")
FINAL = ("sustained", "ended", "rejected", "withdrawn")

_FORWARD = {
    "idea": ("assessed",),
    "assessed": ("concept", "idea"),
    "concept": ("application",),
    "application": ("approved",),
    "approved": ("running",),
    "running": ("closing",),
    "closing": ("evaluated",),
    "evaluated": ("sustained", "ended"),
}


def allowed_targets(stage: str) -> tuple[str, ...]:
    """Stages reachable from ``stage`` in one step (guards not yet checked)."""
    if stage in FINAL:
        return ()
    exits = EXITS if stage in ("idea", "assessed", "concept", "application") else ("withdrawn",)
    return _FORWARD.get(stage, ()) + exits


class IllegalTransition(Conflict):
    """The lifecycle does not allow this step (409)."""


class GuardFailed(Conflict):
    """The step is allowed in principle but a precondition is missing (409)."""


@dataclass(frozen=True)
class Evidence:
    """What the project has collected so far; the guards decide on it."""

    assessment_passed: bool = False
    assessed: bool = False
    grant: bool = False
    decision: bool = False
    documented_decision: bool = False
    final_report: bool = False
    measurements: bool = False
    sustainment_plan: bool = False


def check_transition(current: str, target: str, evidence: Evidence, reason: str = "") -> None:
    """Raise IllegalTransition or GuardFailed when ``current → target`` may not happen."""
    if target not in STAGES:
        raise IllegalTransition(Msg("Die Phase „%(stage)s“ gibt es nicht.", stage=target))
    if target not in allowed_targets(current):
        raise IllegalTransition(Msg("Von „%(current)s“ geht es nicht nach „%(target)s“.",
                                    current=STAGE_LABELS.get(current, current), target=STAGE_LABELS[target]))
    if target == "assessed" and not evidence.assessed:
        raise GuardFailed(Msg("Ohne Bewertung in der Ideenwerkstatt kann die Idee nicht als bewertet gelten."))
    if target == "concept" and not evidence.assessment_passed:
        raise GuardFailed(Msg("Ohne bestandene Bewertung in der Ideenwerkstatt gibt es kein Konzept."))
    if target == "approved" and not (evidence.grant or evidence.decision or evidence.documented_decision):
        raise GuardFailed(Msg("Bewilligt erst mit einem Zuwendungsbescheid, einem Gremienbeschluss oder einer "
                              "dokumentierten Entscheidung (Begründung angeben)."))
    if target == "closing" and not evidence.final_report:
        raise GuardFailed(Msg("Ohne Abschlussbericht kann das Projekt nicht in den Abschluss gehen."))
    if target == "evaluated" and not evidence.measurements:
        raise GuardFailed(Msg("Ohne Messwerte der Indikatoren ist keine Evaluation möglich."))
    if target == "sustained" and not evidence.sustainment_plan:
        raise GuardFailed(Msg("Ohne Verstetigungsplan kann das Projekt nicht als verstetigt gelten."))
    if target in ("rejected", "withdrawn") and not reason.strip():
        raise GuardFailed(Msg("Bitte begründen Sie den Ausstieg aus dem Verfahren."))
