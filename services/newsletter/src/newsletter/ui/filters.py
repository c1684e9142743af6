"""The filter bar of a department list: search, the codes a clerk picks by name, and a period of days."""

from __future__ import annotations

from datetime import date, datetime

from servicekit.web.i18n import _
from servicekit.web.listing import Listing

DATE_FILTERS = ("von", "bis")


def day(text: str) -> date:
    """A day from a date field (``2026-12-07``) or typed the German way (``07.12.2026``)."""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def period(listing: Listing) -> tuple[date | None, date | None, list[str]]:
    """The days ``von`` … ``bis`` of the listing; a day that is none is ignored and named in ``errors``."""
    found, errors = {}, []
    for name, label in (("von", _("ab")), ("bis", _("bis"))):
        text = listing.filters.get(name)
        if not text:
            continue
        try:
            found[name] = day(text)
        except ValueError:
            errors.append(_("„%(text)s“ ist kein Datum (Feld „%(field)s“); bitte z. B. 07.12.2026 eingeben.",
                            text=text, field=label))
            listing.filters.pop(name)
    since, until = found.get("von"), found.get("bis")
    if since and until and since > until:
        errors.append(_("Der Zeitraum endet vor seinem Beginn; bitte „ab“ und „bis“ tauschen."))
    return since, until, errors


def choice(listing: Listing, name: str, allowed) -> str | None:
    """A filter's code if it is one of ``allowed``; an unknown code filters nothing (and is dropped)."""
    value = listing.filters.get(name)
    if value and value in allowed:
        return value
    listing.filters.pop(name, None)
    return None
