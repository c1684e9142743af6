"""Volunteering (Ehrenamt): opportunities (search, kind; paged in SQL) with the forms for a new opportunity and for
hours, the sign-ups from the website and the sponsorships (Patenschaften). Names of volunteers are personal data:
the department's editors see them, a viewer sees how many there are."""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from participation import queries
from participation.service_layer import volunteering as handlers
from participation.ui import pickers
from participation.ui.common import READ, conn, guarded, is_editor, render, require_editor, uow, who
from participation.ui.forms import HoursForm, OpportunityForm, SponsorshipForm
from participation.ui.labels import DISTRICTS, FIELDS_OF_ACTION
from servicekit.auth import require_roles
from servicekit.web.i18n import _
from servicekit.web.listing import Listing


def hours_form(c) -> HoursForm:
    form = HoursForm()
    form.person_id.choices = [("", _("– bitte wählen –"))] + pickers.persons(c)
    form.opportunity_id.choices = pickers.opportunities(c, _("– allgemein –"))
    return form


def opportunity_form(c) -> OpportunityForm:
    form = OpportunityForm(prefix="angebot")
    form.organisation_id.choices = pickers.organisations(c)
    form.district.choices = pickers.codes(DISTRICTS, _("– ganz Kaufbeuren –"))
    form.field_of_action.choices = pickers.codes(FIELDS_OF_ACTION, _("– keines –"))
    return form


def sponsorship_form(c) -> SponsorshipForm:
    form = SponsorshipForm(prefix="patenschaft")
    form.person_id.choices = [("", _("– bitte wählen –"))] + pickers.persons(c)
    form.opportunity_id.choices = pickers.opportunities(c, _("– keines –"))
    return form


def volunteering_page(*, hours=None, opportunity=None):
    """Opportunities with the forms; the form that failed keeps its input and errors (422)."""
    listing = Listing.from_request(page_size=25, filters=("art",))
    with conn() as c:
        page = listing.fetch(c, queries.opportunities_stmt(listing.q, listing.filters.get("art")))
        signups = queries.count(c, queries.signups_stmt())
        sponsorships = queries.count(c, queries.sponsorships_stmt())
        result = render("volunteering", page=page, listing=listing, signup_count=signups,
                        sponsorship_count=sponsorships, form=hours or hours_form(c),
                        opportunity_form=opportunity or opportunity_form(c))
    failed = any(f is not None and f.errors for f in (hours, opportunity))
    return result, 422 if failed else 200


def sponsorships_page(form=None):
    listing = Listing.from_request(page_size=25)
    with conn() as c:
        stmt = queries.sponsorships_stmt(listing.q if is_editor() else None)
        page = listing.fetch(c, stmt) if is_editor() else None
        if page is not None:
            page.rows = queries.named(page.rows)
        result = render("sponsorships", page=page, listing=listing, total=queries.count(c, stmt),
                        form=form or sponsorship_form(c))
    return result, 422 if form is not None and form.errors else 200


def register(bp) -> None:
    @bp.route("/ehrenamt", methods=["GET", "POST"])
    @require_roles(*READ)
    def volunteering():
        if request.method == "POST":
            require_editor()
            with conn() as c:
                form = hours_form(c)
            if form.validate_on_submit():
                handlers.log_hours(uow(), actor=who(), person_id=form.person_id.data, day=form.day.data,
                                   amount=form.hours.data, note=form.note.data or "",
                                   opportunity_id=form.opportunity_id.data or None)
                flash(_("Stunden wurden erfasst."), "success")
                return redirect(url_for("ui.volunteering"))
            return volunteering_page(hours=form)
        return volunteering_page()

    @bp.post("/ehrenamt/angebote")
    @require_roles(*READ)
    def add_opportunity():
        require_editor()
        with conn() as c:
            form = opportunity_form(c)
        if not form.validate_on_submit():
            return volunteering_page(opportunity=form)
        made = handlers.create_opportunity(
            uow(), actor=who(), title=form.title.data.strip(), description=form.description.data or "",
            kind=form.kind.data, organisation_id=form.organisation_id.data or None,
            district=form.district.data or None, field_of_action=form.field_of_action.data or None,
            published=form.published.data)
        flash(_("Angebot „%(title)s“ wurde angelegt.", title=made["title"]), "success")
        return redirect(url_for("ui.volunteering"))

    @bp.get("/ehrenamt/anmeldungen")
    @require_roles(*READ)
    def signups():
        listing = Listing.from_request(page_size=25, filters=("status",))
        with conn() as c:
            stmt = queries.signups_stmt(listing.q if is_editor() else None,
                                        listing.filters.get("status") if is_editor() else None)
            page = listing.fetch(c, stmt) if is_editor() else None
            total = queries.count(c, stmt)
        return render("signups", page=page, listing=listing, total=total)

    @bp.route("/ehrenamt/patenschaften", methods=["GET", "POST"])
    @require_roles(*READ)
    def sponsorships():
        if request.method == "GET":
            return sponsorships_page()
        require_editor()
        with conn() as c:
            form = sponsorship_form(c)
        if not form.validate_on_submit():
            return sponsorships_page(form)

        def add():
            made = handlers.add_sponsorship(uow(), actor=who(), person_id=form.person_id.data,
                                            opportunity_id=form.opportunity_id.data or None,
                                            object=form.object.data.strip(), since=form.since.data,
                                            until=form.until.data)
            return _("Patenschaft für „%(object)s“ wurde eingetragen.", object=made["object"])

        return guarded("ui.sponsorships", add)
