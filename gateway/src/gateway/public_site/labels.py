"""Names for the codes the services' public API returns (project stages, decision outcomes), German and
English, so a reader never sees "approved"."""

from __future__ import annotations

from gateway.public_site.i18n import lang

STAGES = {
    "idea": ("Idee", "Idea"), "assessed": ("Bewertet", "Assessed"), "concept": ("Konzept", "Concept"),
    "application": ("Antrag", "Application"), "approved": ("Bewilligt", "Approved"),
    "running": ("Laufend", "Running"), "closing": ("Abschluss", "Closing"), "evaluated": ("Evaluiert", "Evaluated"),
    "sustained": ("Verstetigt", "Sustained"), "ended": ("Beendet", "Ended"), "acquisition": ("Akquise", "Acquisition"),
    "applied": ("Beantragt", "Applied"), "completed": ("Abgeschlossen", "Completed"),
}
# a committee's decision on an action-fund micro-project (participation's outcomes)
OUTCOMES = {"approved": ("bewilligt", "approved"), "rejected": ("abgelehnt", "rejected"),
            "deferred": ("vertagt", "deferred")}


def _label(table: dict, code) -> str:
    de, en = table.get(str(code), (str(code), str(code)))
    return en if lang() == "en" else de


def stage_label(code) -> str:
    return _label(STAGES, code)


def outcome_label(code) -> str:
    return _label(OUTCOMES, code)
