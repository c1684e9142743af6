"""Bounces, archive and audit log."""

from flask import flash, redirect, render_template, url_for
from flask_babel import ngettext
from sqlalchemy import select

from newsletter import listings, queries
from newsletter.adapters.orm import news_item
from newsletter.service_layer.bounces import record_dsn
from newsletter.ui import audit as audit_view
from newsletter.ui.filters import DATE_FILTERS, choice, period
from newsletter.ui.forms import BounceForm
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _
from servicekit.web.listing import Listing

PAGE_SIZE = 25
AUDIT_PAGE_SIZE = 50


def register(bp) -> None:
    @bp.route("/ruecklaeufer", methods=["GET", "POST"])
    @require_roles("newsletter.editor")  # personal data: the department only
    def bounces():
        form = BounceForm()
        rt = runtime_of()
        if form.validate_on_submit() and current_principal().has_any(["newsletter.editor"]):
            found = record_dsn(rt.uow(), form.raw.data.encode("utf-8"), source="formular",
                               actor=current_principal().user)
            if found:
                flash(ngettext("%(num)s Rückläufer erfasst.", "%(num)s Rückläufer erfasst.", len(found)), "success")
                return redirect(url_for("ui.bounces"))
            form.raw.errors.append(_("Das ist keine Zustellbenachrichtigung (DSN) mit fehlgeschlagenen "
                                     "Empfängern."))
        listing = Listing.from_request(page_size=PAGE_SIZE, filters=("art", *DATE_FILTERS))
        kind = choice(listing, "art", ("hard", "soft"))
        since, until, errors = period(listing)
        with rt.engine.connect() as conn:
            page = listing.fetch(conn, listings.bounces(q=listing.q, kind=kind, since=since, until=until))
        return render_template("newsletter/bounces.html", page=page, listing=listing, kind=kind,
                               filter_errors=errors, form=form), (422 if form.errors else 200)

    @bp.get("/archiv")
    @require_roles("newsletter.editor", "viewer")
    def archive():
        listing = Listing.from_request(page_size=PAGE_SIZE, filters=DATE_FILTERS)
        since, until, errors = period(listing)
        with runtime_of().engine.connect() as conn:
            page = listing.fetch(conn, listings.archive(q=listing.q, since=since, until=until))
        return render_template("newsletter/archive.html", page=page, listing=listing, filter_errors=errors)

    @bp.get("/protokoll")
    @require_roles("newsletter.editor", "viewer")
    def audit():
        """Every change, newest first, by name: a viewer sees that a subscriber changed, not who it was."""
        rt = runtime_of()
        personal = current_principal().has_any(["newsletter.editor"])
        listing = Listing.from_request(page_size=AUDIT_PAGE_SIZE, filters=("bereich", *DATE_FILTERS))
        entity = choice(listing, "bereich", audit_view.ENTITIES)
        since, until, errors = period(listing)
        with rt.engine.connect() as conn:
            page = listing.fetch(conn, listings.audit(rt.metadata.tables["audit_log"], q=listing.q, entity=entity,
                                                      since=since, until=until, personal=personal))
            wanted = audit_view.news_ids_in(page.rows)
            titles = dict(conn.execute(select(news_item.c.id, news_item.c.title)
                                       .where(news_item.c.id.in_(wanted))).all()) if wanted else {}
            topic_names = {t["code"]: t["name"] for t in queries.topics(conn)}
        rows = audit_view.entries(page.rows, personal=personal, topic_names=topic_names, news_titles=titles)
        areas = [(code, str(label)) for code, label in audit_view.ENTITIES.items()]
        return render_template("newsletter/audit.html", page=page, rows=rows, listing=listing, entity=entity,
                               areas=areas, filter_errors=errors)
