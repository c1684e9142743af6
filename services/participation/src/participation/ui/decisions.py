"""The register of decisions (Beschlüsse): search in number, title and project; filters by body, outcome and year;
paged in SQL. Each decision links to its meeting, its body and its project in the programmes department."""

from __future__ import annotations

from participation import queries
from participation.ui import pickers
from participation.ui.common import READ, conn, render
from servicekit.auth import require_roles
from servicekit.web.i18n import _
from servicekit.web.listing import Listing


def register(bp) -> None:
    @bp.get("/beschluesse")
    @require_roles(*READ)
    def decision_list():
        listing = Listing.from_request(page_size=25, filters=("gremium", "ergebnis", "jahr"))
        year = listing.filters.get("jahr")
        with conn() as c:
            stmt = queries.decisions_stmt(listing.q, listing.filters.get("gremium"),
                                          listing.filters.get("ergebnis") or None,
                                          int(year) if year and year.isdigit() else None)
            page = listing.fetch(c, stmt)
            bodies = pickers.bodies(c, _("alle Gremien"))
            years = [(y, y) for y in queries.decision_years(c)]
        return render("decisions", page=page, listing=listing, bodies=bodies, years=years)
