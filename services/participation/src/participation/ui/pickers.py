"""The choices of the pickers: records by name, read from the database when a form is built (ids stay the
values, people see the names)."""

from __future__ import annotations

from participation import queries
from participation.ui import labels
from servicekit.web.i18n import _


def programmes(c) -> list[tuple[str, str]]:
    return [("", _("– kein Programm –"))] + [(p["programme_id"], p["name"]) for p in queries.programmes(c)]


def persons(c) -> list[tuple[str, str]]:
    """Persons who can be chosen (not the erased ones)."""
    return [(p["id"], p["name"] + (f" ({p['organisation_name']})" if p.get("organisation_name") else ""))
            for p in queries.persons(c) if not p["anonymised"]]


def organisations(c, empty: str | None = None) -> list[tuple[str, str]]:
    return [("", empty or _("– keine –"))] + [(o["id"], o["name"]) for o in queries.organisations(c)]


def projects(c) -> list[tuple[str, str]]:
    return [("", _("– kein Projekt –"))] + [
        (p["project_id"], f"{p['title']} ({labels.label(labels.STAGES, p['stage'])})") for p in queries.projects(c)]


def opportunities(c, empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + [(o["id"], o["title"]) for o in queries.opportunities(c)]


def bodies(c, empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + [(b["id"], b["name"]) for b in queries.bodies(c)]


def codes(table: dict, empty: str, current: str | None = None) -> list[tuple[str, str]]:
    return [("", empty)] + labels.choices(table, current)
