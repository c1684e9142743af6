"""The office's side of public events: the list (search, status, upcoming or past; paged in SQL) with the form to
create one (start and end typed in Berlin time, fields of action and districts as checkboxes), the event page with
its registrations (names for the department's editors only), publishing, cancelling an event or a registration."""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from participation import queries
from participation.service_layer import events
from participation.ui.common import READ, conn, csrf_failed, guarded, render, require_editor, uow, who
from participation.ui.forms import CancelEventForm, CsrfOnlyForm, EventForm
from servicekit.auth import require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _
from servicekit.web.listing import Listing


def events_page(form: EventForm, status: int = 200):
    listing = Listing.from_request(page_size=25, filters=("status", "zeit"))
    with conn() as c:
        page = listing.fetch(c, queries.events_stmt(listing.q, listing.filters.get("status"),
                                                    listing.filters.get("zeit")))
        page.rows = queries.with_seats(c, page.rows)
    return render("events", form=form, page=page, listing=listing), status


def event_page(event_id: str, cancel_form: CancelEventForm | None = None):
    with conn() as c:
        page = render("event", e=queries.event_detail(c, event_id), registrations=queries.registrations(c, event_id),
                      csrf_form=CsrfOnlyForm(), cancel_form=cancel_form or CancelEventForm())
    return page, 422 if cancel_form is not None and cancel_form.errors else 200


def register(bp) -> None:
    @bp.route("/veranstaltungen", methods=["GET", "POST"])
    @require_roles(*READ)
    def event_list():
        form = EventForm()
        if request.method == "POST":
            require_editor()
            if form.validate_on_submit():
                made = events.create_event(uow(), actor=who(), title=form.title.data.strip(),
                                           summary=form.summary.data or "", place=form.place.data or "",
                                           starts_at=form.starts_at.data, ends_at=form.ends_at.data,
                                           capacity=form.capacity.data, publish=form.publish.data,
                                           fields_of_action=form.fields_of_action.data or [],
                                           districts=form.districts.data or [])
                flash(_("Veranstaltung „%(title)s“ wurde angelegt.", title=made["title"]), "success")
                return redirect(url_for("ui.event_detail", event_id=made["id"]))
            return events_page(form, 422)
        return events_page(form)

    @bp.get("/veranstaltungen/<event_id>")
    @require_roles(*READ)
    def event_detail(event_id):
        return event_page(event_id)

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
