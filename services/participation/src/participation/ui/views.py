"""Department UI of the network staff (Netzwerkarbeit): overview, persons with DSGVO rights, decisions, events,
audit log; the meeting cockpit lives in ``cockpit.py``, organisations, bodies and consents in ``network.py``,
volunteering and the office's side of events in ``offers.py``."""

from __future__ import annotations

from datetime import UTC

from flask import Blueprint, flash, redirect, request, url_for
from sqlalchemy import select

from participation import queries
from participation.domain.errors import Conflict
from participation.service_layer import actors, events
from participation.ui import cockpit, network, offers
from participation.ui.common import EDITOR, READ, conn, csrf_failed, render, require_editor, uow, who
from participation.ui.forms import CsrfOnlyForm, EventForm, PersonForm
from servicekit.auth import require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _, tr


def ui_blueprint() -> Blueprint:
    bp = Blueprint("ui", __name__, template_folder="templates")
    cockpit.register(bp)
    network.register(bp)
    offers.register(bp)

    @bp.get("/")
    @require_roles(*READ)
    def index():
        with conn() as c:
            return render("index", bodies=queries.bodies(c), meetings=queries.meetings(c)[:10],
                          events=queries.events(c)[:10], decisions=queries.decisions(c)[:10])

    @bp.route("/personen", methods=["GET", "POST"])
    @require_roles(EDITOR)  # personal data: need to know, the department only
    def persons():
        form = PersonForm()
        if request.method == "POST":
            require_editor()
            if form.validate_on_submit():
                actors.create_person(uow(), actor=who(), name=form.name.data, email=form.email.data or None,
                                     phone=form.phone.data or None, language=form.language.data)
                flash(_("Person „%(name)s“ wurde angelegt.", name=form.name.data), "success")
                return redirect(url_for("ui.persons"))
        with conn() as c:
            return render("persons", form=form, persons=queries.persons(c, request.args.get("q")),
                          organisations=queries.organisations(c)), 422 if form.errors else 200

    @bp.get("/personen/<person_id>")
    @require_roles(EDITOR)  # personal data: need to know, the department only
    def person(person_id):
        return network.person_page(person_id)

    @bp.post("/personen/<person_id>/anonymisieren")
    @require_roles(EDITOR)
    def erase(person_id):
        CsrfOnlyForm().validate_on_submit() or csrf_failed()
        if request.form.get("confirm") != "ja":
            flash(_("Bitte bestätigen Sie die Anonymisierung mit dem Häkchen."), "error")
        else:
            try:
                actors.erase_person(uow(), person_id, actor=who())
                flash(_("Die Person wurde anonymisiert. Beschlüsse und Protokolle bleiben gültig."), "success")
            except Conflict as exc:
                flash(tr(str(exc)), "error")
        return redirect(url_for("ui.person", person_id=person_id))

    @bp.get("/audit")
    @require_roles(EDITOR)
    def audit():
        log = runtime_of().metadata.tables["audit_log"]
        with conn() as c:
            rows = c.execute(select(log).order_by(log.c.id.desc()).limit(200)).mappings().all()
        return render("audit", rows=rows)

    @bp.get("/beschluesse")
    @require_roles(*READ)
    def decision_list():
        with conn() as c:
            return render("decisions", decisions=queries.decisions(c, request.args.get("q")))

    @bp.route("/veranstaltungen", methods=["GET", "POST"])
    @require_roles(*READ)
    def event_list():
        form = EventForm()
        if request.method == "POST":
            require_editor()
            if form.validate_on_submit():
                made = events.create_event(uow(), actor=who(), title=form.title.data,
                                           summary=form.summary.data or "", place=form.place.data or "",
                                           starts_at=form.starts_at.data.replace(tzinfo=UTC),
                                           capacity=form.capacity.data, publish=form.publish.data)
                flash(_("Veranstaltung „%(title)s“ wurde angelegt.", title=made["title"]), "success")
                return redirect(url_for("ui.event_detail", event_id=made["id"]))
        with conn() as c:
            return render("events", form=form, events=queries.events(c)), 422 if form.errors else 200

    @bp.get("/veranstaltungen/<event_id>")
    @require_roles(*READ)
    def event_detail(event_id):
        return offers.event_page(event_id)

    return bp
