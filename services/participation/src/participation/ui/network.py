"""The network's records: persons with their DSGVO rights and consents, organisations (list, create, edit).
Lists are searched, filtered and paged in SQL. Personal data is for the department's editors only (need to know);
a viewer sees organisations, not persons. Every change goes through the service layer, which writes the audit
log."""

from __future__ import annotations

from datetime import datetime, time

from flask import flash, redirect, request, url_for

from participation import queries
from participation.service_layer import actors
from participation.service_layer.common import not_found
from participation.ui import pickers
from participation.ui.common import EDITOR, READ, conn, csrf_failed, guarded, render, require_editor, uow, who
from participation.ui.forms import ConsentForm, CsrfOnlyForm, OrganisationForm, PersonForm
from participation.ui.labels import person_name
from servicekit.auth import require_roles
from servicekit.formats import from_local_input
from servicekit.web.i18n import _, tr
from servicekit.web.listing import Listing


def _organisation_fields(form: OrganisationForm) -> dict:
    return {"name": form.name.data.strip(), "kind": form.kind.data, "email": form.email.data or None,
            "phone": form.phone.data or None, "address": form.address.data or None}


def person_form(c) -> PersonForm:
    form = PersonForm()
    form.organisation_id.choices = pickers.organisations(c)
    return form


def persons_page(form: PersonForm, status: int = 200):
    listing = Listing.from_request(page_size=25, filters=("status", "organisation"))
    with conn() as c:
        page = listing.fetch(c, queries.persons_stmt(listing.q, listing.filters.get("status"),
                                                     listing.filters.get("organisation")))
        organisations = pickers.organisations(c, _("alle Organisationen"))
    return render("persons", form=form, page=page, listing=listing, organisations=organisations), status


def person_page(person_id: str, consent_form: ConsentForm | None = None, status: int = 200):
    with conn() as c:
        data = actors.export_person(c, person_id)
        hours = queries.hours_of(c, person_id)
        memberships = queries.person_memberships(c, person_id)
        p = queries.person_detail(c, person_id)
    return render("person", p=p, data=data, hours=hours, memberships=memberships, csrf_form=CsrfOnlyForm(),
                  consent_form=consent_form or ConsentForm()), status


def register(bp) -> None:
    @bp.route("/personen", methods=["GET", "POST"])
    @require_roles(EDITOR)  # personal data: need to know, the department only
    def persons():
        with conn() as c:
            form = person_form(c)
        if request.method == "POST":
            require_editor()
            if form.validate_on_submit():
                made = actors.create_person(uow(), actor=who(), name=form.name.data.strip(),
                                            email=form.email.data or None, phone=form.phone.data or None,
                                            organisation_id=form.organisation_id.data or None,
                                            language=form.language.data)
                flash(_("Person „%(name)s“ wurde angelegt.", name=made["name"]), "success")
                return redirect(url_for("ui.person", person_id=made["id"]))
            return persons_page(form, 422)
        return persons_page(form)

    @bp.get("/personen/<person_id>")
    @require_roles(EDITOR)  # personal data: need to know, the department only
    def person(person_id):
        return person_page(person_id)

    @bp.post("/personen/<person_id>/anonymisieren")
    @require_roles(EDITOR)
    def erase(person_id):
        from participation.domain.errors import Conflict

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

    @bp.post("/personen/<person_id>/einwilligungen")
    @require_roles(*READ)
    def record_consent(person_id):
        require_editor()
        form = ConsentForm()
        if not form.validate_on_submit():
            return person_page(person_id, form, 422)
        # a day without a time: noon in Kaufbeuren
        given_at = from_local_input(datetime.combine(form.given_on.data, time(12, 0))) if form.given_on.data else None

        def record():
            made = actors.record_consent(uow(), person_id, actor=who(), purpose=form.purpose.data,
                                         text_version=form.text_version.data.strip(), method=form.method.data,
                                         given_at=given_at)
            return _("Einwilligung „%(purpose)s“ wurde erfasst.",
                     purpose=dict(form.purpose.choices).get(made["purpose"], made["purpose"]))

        return guarded("ui.person", record, person_id=person_id)

    @bp.post("/personen/<person_id>/einwilligungen/<consent_id>/widerrufen")
    @require_roles(*READ)
    def withdraw_consent(person_id, consent_id):
        require_editor()
        CsrfOnlyForm().validate_on_submit() or csrf_failed()
        with conn() as c:
            if consent_id not in {x["id"] for x in actors.export_person(c, person_id)["consents"]}:
                raise not_found("Die Einwilligung", consent_id)
        return guarded("ui.person", lambda: (actors.withdraw_consent(uow(), consent_id, actor=who()),
                                             _("Einwilligung wurde widerrufen."))[1], person_id=person_id)

    @bp.route("/organisationen", methods=["GET", "POST"])
    @require_roles(*READ)
    def organisations():
        form = OrganisationForm()
        if request.method == "POST":
            require_editor()
            if form.validate_on_submit():
                made = actors.create_organisation(uow(), actor=who(), **_organisation_fields(form))
                flash(_("Organisation „%(name)s“ wurde angelegt.", name=made["name"]), "success")
                return redirect(url_for("ui.organisations"))
        listing = Listing.from_request(page_size=25, filters=("art",))
        with conn() as c:
            page = listing.fetch(c, queries.organisations_stmt(listing.q, listing.filters.get("art")))
        return render("organisations", form=form, page=page, listing=listing), 422 if form.errors else 200

    @bp.route("/organisationen/<org_id>", methods=["GET", "POST"])
    @require_roles(*READ)
    def organisation_edit(org_id):
        with conn() as c:
            current = queries.organisation_detail(c, org_id)
        current["persons"] = [person_name(n) for n in current["persons"]]
        form = OrganisationForm(data=current) if request.method == "GET" else OrganisationForm()
        if request.method == "POST":
            require_editor()
            if form.validate_on_submit():
                saved = actors.update_organisation(uow(), org_id, actor=who(), **_organisation_fields(form))
                flash(_("Organisation „%(name)s“ wurde gespeichert.", name=saved["name"]), "success")
                return redirect(url_for("ui.organisation_edit", org_id=org_id))
        return render("organisation", o=current, form=form), 422 if form.errors else 200
