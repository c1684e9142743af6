"""Offers to citizens: volunteering opportunities and sponsorships (Patenschaften), and the office's side of public
events (publish a draft, cancel an event, cancel a registration so the waiting list moves up)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from participation import queries
from participation.service_layer import events
from participation.service_layer import volunteering as handlers
from participation.ui.common import READ, conn, csrf_failed, guarded, render, require_editor, uow, who
from participation.ui.forms import CancelEventForm, CsrfOnlyForm, HoursForm, OpportunityForm, SponsorshipForm
from servicekit.auth import require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _


def _active_persons(c) -> list[tuple[str, str]]:
    return [(p["id"], p["name"]) for p in queries.persons(c) if not p["anonymised"]]


def _opportunity_choices(c, empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + [(o["id"], o["title"]) for o in queries.opportunities(c)]


def hours_form(c) -> HoursForm:
    form = HoursForm()
    form.person_id.choices = _active_persons(c)
    form.opportunity_id.choices = _opportunity_choices(c, _("– allgemein –"))
    return form


def opportunity_form(c) -> OpportunityForm:
    form = OpportunityForm(prefix="angebot")
    form.organisation_id.choices = [("", _("– keine –"))] + [(o["id"], o["name"]) for o in queries.organisations(c)]
    return form


def sponsorship_form(c) -> SponsorshipForm:
    form = SponsorshipForm(prefix="patenschaft")
    form.person_id.choices = _active_persons(c)
    form.opportunity_id.choices = _opportunity_choices(c, _("– keines –"))
    return form


def volunteering_page(*, hours=None, opportunity=None, sponsorship=None):
    """The volunteering page with its three forms; the one that failed keeps its input and errors (422)."""
    with conn() as c:
        page = render("volunteering", opportunities=queries.opportunities(c), signups=queries.signups(c),
                      sponsorships=queries.sponsorships(c), form=hours or hours_form(c),
                      opportunity_form=opportunity or opportunity_form(c),
                      sponsorship_form=sponsorship or sponsorship_form(c))
    failed = any(f is not None and f.errors for f in (hours, opportunity, sponsorship))
    return page, 422 if failed else 200


def event_page(event_id: str, cancel_form: CancelEventForm | None = None):
    with conn() as c:
        page = render("event", e=queries.event_detail(c, event_id), registrations=queries.registrations(c, event_id),
                      csrf_form=CsrfOnlyForm(), cancel_form=cancel_form or CancelEventForm())
    return page, 422 if cancel_form is not None and cancel_form.errors else 200


def register(bp) -> None:
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

    @bp.post("/ehrenamt/patenschaften")
    @require_roles(*READ)
    def add_sponsorship():
        require_editor()
        with conn() as c:
            form = sponsorship_form(c)
        if not form.validate_on_submit():
            return volunteering_page(sponsorship=form)

        def add():
            made = handlers.add_sponsorship(uow(), actor=who(), person_id=form.person_id.data,
                                            opportunity_id=form.opportunity_id.data or None,
                                            object=form.object.data.strip(), since=form.since.data,
                                            until=form.until.data)
            return _("Patenschaft für „%(object)s“ wurde eingetragen.", object=made["object"])

        return guarded("ui.volunteering", add)

    @bp.post("/veranstaltungen/<event_id>/veroeffentlichen")
    @require_roles(*READ)
    def publish_event(event_id):
        require_editor()
        CsrfOnlyForm().validate_on_submit() or csrf_failed()
        def publish():
            done = events.publish_event(uow(), event_id, actor=who())
            return _("Veranstaltung „%(title)s“ ist veröffentlicht.", title=done["title"])

        return guarded("ui.event_detail", publish, event_id=event_id)

    @bp.post("/veranstaltungen/<event_id>/absagen")
    @require_roles(*READ)
    def cancel_event(event_id):
        require_editor()
        form = CancelEventForm()
        if not form.validate_on_submit():
            return event_page(event_id, form)

        def cancel():
            done = events.cancel_event(uow(), event_id, actor=who(), reason=(form.reason.data or "").strip())
            return _("Veranstaltung „%(title)s“ wurde abgesagt; %(n)s Angemeldete werden per E-Mail benachrichtigt.",
                     title=done["title"], n=done["registrations_cancelled"])

        return guarded("ui.event_detail", cancel, event_id=event_id)

    @bp.post("/veranstaltungen/<event_id>/anmeldungen/<registration_id>/stornieren")
    @require_roles(*READ)
    def cancel_registration(event_id, registration_id):
        require_editor()
        CsrfOnlyForm().validate_on_submit() or csrf_failed()
        public_url = runtime_of().settings.public_url.rstrip("/")

        def cancel():
            done = events.cancel_registration(uow(), event_id, registration_id, actor=who(), public_url=public_url)
            if done["promoted"]:
                return _("Anmeldung Nr. %(number)s wurde storniert; %(n)s Anmeldung(en) rücken von der "
                         "Warteliste nach.", number=done["number"], n=len(done["promoted"]))
            return _("Anmeldung Nr. %(number)s wurde storniert.", number=done["number"])

        return guarded("ui.event_detail", cancel, event_id=event_id)

    @bp.route("/ehrenamt", methods=["GET", "POST"])
    @require_roles(*READ)
    def volunteering():
        with conn() as c:
            form = hours_form(c)
        if request.method == "POST":
            require_editor()
            if form.validate_on_submit():
                handlers.log_hours(uow(), actor=who(), person_id=form.person_id.data, day=form.day.data,
                                   amount=form.hours.data, note=form.note.data or "",
                                   opportunity_id=form.opportunity_id.data or None)
                flash(_("Stunden wurden erfasst."), "success")
                return redirect(url_for("ui.volunteering"))
            return volunteering_page(hours=form)
        return volunteering_page()
