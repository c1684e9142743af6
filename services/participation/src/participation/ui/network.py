"""The network's records: organisations (create, edit), bodies (create), ending a membership, and the consents
on the person page (record, withdraw). Every change goes through the service layer, which writes the audit log."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import flash, redirect, request, url_for

from participation import queries
from participation.adapters.orm import organisation
from participation.service_layer import actors, bodies
from participation.service_layer.common import not_found
from participation.ui.common import READ, conn, csrf_failed, guarded, render, require_editor, uow, who
from participation.ui.forms import (
    BodyForm,
    ConsentForm,
    CsrfOnlyForm,
    EndMembershipForm,
    OrganisationForm,
    slug_list,
)
from servicekit.auth import require_roles
from servicekit.web.i18n import _


def _organisation_fields(form: OrganisationForm) -> dict:
    return {"name": form.name.data.strip(), "kind": form.kind.data, "email": form.email.data or None,
            "phone": form.phone.data or None, "address": form.address.data or None}


def problems_of(form) -> str:
    """The form's errors as one line for a flash message (forms that sit in a list, one per row)."""
    return "; ".join(f"{form[name].label.text}: {errors[0]}" for name, errors in form.errors.items())


def person_page(person_id: str, consent_form: ConsentForm | None = None, status: int = 200):
    with conn() as c:
        data = actors.export_person(c, person_id)
        hours = queries.hours_of(c, person_id)
    return render("person", p=data["person"], data=data, hours=hours, csrf_form=CsrfOnlyForm(),
                  consent_form=consent_form or ConsentForm()), status


def register(bp) -> None:
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
        with conn() as c:
            found = queries.organisations(c, request.args.get("q"))
        return render("organisations", form=form, organisations=found), 422 if form.errors else 200

    @bp.route("/organisationen/<org_id>", methods=["GET", "POST"])
    @require_roles(*READ)
    def organisation_edit(org_id):
        with conn() as c:
            current = queries._one(c, organisation, org_id, "Die Organisation")
        form = OrganisationForm(data=current) if request.method == "GET" else OrganisationForm()
        if request.method == "POST":
            require_editor()
            if form.validate_on_submit():
                saved = actors.update_organisation(uow(), org_id, actor=who(), **_organisation_fields(form))
                flash(_("Organisation „%(name)s“ wurde gespeichert.", name=saved["name"]), "success")
                return redirect(url_for("ui.organisation_edit", org_id=org_id))
        return render("organisation", o=current, form=form), 422 if form.errors else 200

    @bp.route("/gremien", methods=["GET", "POST"])
    @require_roles(*READ)
    def body_list():
        form = BodyForm()
        if request.method == "POST":
            require_editor()
            if form.validate_on_submit():
                made = bodies.create_body(uow(), actor=who(), name=form.name.data.strip(), type=form.type.data,
                                          programme_id=form.programme_id.data or None,
                                          fields_of_action=slug_list(form.fields_of_action.data),
                                          quorum_percent=form.quorum_percent.data,
                                          description=form.description.data or "")
                flash(_("Gremium „%(name)s“ wurde angelegt.", name=made["name"]), "success")
                return redirect(url_for("ui.body", body_id=made["id"]))
        with conn() as c:
            return render("bodies", form=form, bodies=queries.bodies(c)), 422 if form.errors else 200

    @bp.post("/gremien/<body_id>/mitglieder/<membership_id>/beenden")
    @require_roles(*READ)
    def end_member(body_id, membership_id):
        require_editor()
        form = EndMembershipForm()
        if not form.validate_on_submit():
            flash(_("Mitgliedschaft nicht beendet: %(problems)s", problems=problems_of(form)), "error")
            return redirect(url_for("ui.body", body_id=body_id))
        return guarded("ui.body", lambda: (bodies.end_membership(
            uow(), body_id, membership_id, actor=who(), valid_until=form.valid_until.data),
            _("Mitgliedschaft endet am %(day)s.", day=form.valid_until.data.strftime("%d.%m.%Y")))[1],
            body_id=body_id)

    @bp.post("/personen/<person_id>/einwilligungen")
    @require_roles(*READ)
    def record_consent(person_id):
        require_editor()
        form = ConsentForm()
        if not form.validate_on_submit():
            return person_page(person_id, form, 422)
        given_at = datetime.combine(form.given_on.data, time(12, 0), tzinfo=UTC) if form.given_on.data else None
        def record():
            made = actors.record_consent(uow(), person_id, actor=who(), purpose=form.purpose.data.strip(),
                                         text_version=form.text_version.data.strip(), method=form.method.data,
                                         given_at=given_at)
            return _("Einwilligung „%(purpose)s“ wurde erfasst.", purpose=made["purpose"])

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
