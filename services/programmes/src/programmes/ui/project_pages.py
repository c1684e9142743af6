"""UI pages: projects (list with search, filters and pages; the tabbed project page; master data, phase and
publication) and the idea workshop with its running total."""

from flask import flash, render_template

from programmes import lists
from programmes.adapters.orm import district, field_of_action
from programmes.domain.assessment import CRITERIA, InvalidAssessment
from programmes.domain.lifecycle import STAGES
from programmes.domain.reference import Conflict
from programmes.queries import names, programme_choices
from programmes.service_layer import projects as handlers
from programmes.service_layer import workshop
from programmes.service_layer.common import load_project
from programmes.ui.common import (
    _,
    actor,
    can_edit,
    done,
    fill_choices,
    form_data,
    read,
    reason,
    rt,
    same_version,
    tr,
    write,
)
from programmes.ui.forms import AssessmentForm, ProjectForm, PublishForm, TransitionForm
from programmes.ui.project_view import FORM_TAB, render_project
from servicekit.web.listing import Listing


def action(project_id, form, apply, message, key):
    """Validate ``form``; run ``apply(data)``; on success back to the form's tab, else the tab with the errors."""
    if form.validate_on_submit():
        try:
            apply(form_data(form, "version"))  # the version is checked by same_version(form)
            return done(message, "ui.project_detail", project_id=project_id, tab=FORM_TAB[key])
        except Conflict as exc:
            flash(reason(exc), "error")
            return render_project(project_id, 409, **{key: form})
    return render_project(project_id, 422, **{key: form})


def scored(form) -> tuple[int, int]:
    """(points so far, criteria scored) of a workshop or evaluation form as posted (shown without JavaScript)."""
    values = [form[f"{k}_score"].data for k in CRITERIA if f"{k}_score" in form]
    given = [v for v in values if isinstance(v, int)]
    return sum(given), len(given)


def register(bp):
    @bp.get("/projekte")
    @read
    def projects():
        listing = Listing.from_request(filters=("programme", "stage", "field", "district"))
        chosen = listing.filters
        with rt().engine.connect() as conn:
            page = listing.fetch(conn, lists.projects_stmt(
                q=listing.q, programme_id=chosen.get("programme"), stage=chosen.get("stage"),
                field=chosen.get("field"), district_code=chosen.get("district")))
            programmes = programme_choices(conn)
            fields, districts = names(conn, field_of_action), names(conn, district)
        return render_template("programmes/projects.html", page=page, listing=listing, stages=STAGES,
                               programmes=programmes, fields=fields, districts=districts, can_edit=can_edit())

    @bp.route("/projekte/neu", methods=["GET", "POST"])
    @write
    def project_new():
        form = ProjectForm()
        fill_choices(form)
        if form.validate_on_submit():
            row = handlers.create_project(rt().uow(), actor=actor(), **form_data(form))
            return done(_("Projekt „%(title)s“ angelegt.", title=row["title"]), "ui.project_detail",
                        project_id=row["id"])
        return render_template("programmes/form.html", form=form, title=_("Neues Projekt"), submit=_("Anlegen")), \
            422 if form.errors else 200

    @bp.get("/projekte/<project_id>")
    @read
    def project_detail(project_id):
        return render_project(project_id)

    @bp.post("/projekte/<project_id>/bearbeiten")
    @write
    def project_edit(project_id):
        form = ProjectForm(prefix="edit")
        fill_choices(form)
        return action(project_id, form, lambda d: handlers.update_project(
            rt().uow(), project_id, actor=actor(), check=same_version(form), **d), _("Änderungen gespeichert."), "edit")

    @bp.post("/projekte/<project_id>/phase")
    @write
    def project_transition(project_id):
        form = TransitionForm(prefix="transition")
        return action(project_id, form, lambda d: handlers.change_stage(
            rt().uow(), project_id, d["to"], reason=d["reason"], actor=actor(),
            decision_reference=d["decision_reference"] or ""), _("Phase geändert."), "transition")

    @bp.post("/projekte/<project_id>/veroeffentlichung")
    @write
    def project_publish(project_id):
        form = PublishForm()
        return action(project_id, form, lambda d: handlers.set_project_published(
            rt().uow(), project_id, d["published"], actor=actor()), _("Veröffentlichung geändert."), "publish")

    @bp.route("/projekte/<project_id>/werkstatt", methods=["GET", "POST"])
    @write
    def assess(project_id):
        with rt().engine.connect() as conn:
            row = load_project(conn, project_id)
            threshold = workshop.threshold(conn)
        form = AssessmentForm()
        if form.validate_on_submit():
            scores = {k: {"score": form[f"{k}_score"].data, "reason": form[f"{k}_reason"].data} for k in CRITERIA}
            assessors = [a.strip() for a in form.assessors.data.split(",") if a.strip()]
            try:
                result = workshop.assess(rt().uow(), project_id, scores=scores, assessors=assessors, actor=actor())
            except InvalidAssessment as exc:
                for key, errors in exc.errors.items():
                    target = form[f"{key}_reason"] if f"{key}_reason" in form else form.assessors
                    target.errors = list(target.errors) + [tr(e) for e in errors]
            else:
                total = result["total"]
                message = (_("Bewertung gespeichert: %(total)s von 21 Punkten, bestanden.", total=total)
                           if result["passed"] else
                           _("Bewertung gespeichert: %(total)s von 21 Punkten, nicht bestanden.", total=total))
                return done(message, "ui.project_detail", project_id=project_id, tab="werkstatt")
        total, count = scored(form)
        return render_template("programmes/workshop.html", form=form, row=row, threshold=threshold,
                               criteria=CRITERIA, total=total, count=count), 422 if form.errors else 200
