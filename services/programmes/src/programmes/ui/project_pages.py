"""UI pages: projects (list with filters, detail with every lifecycle form, idea workshop)."""

from flask import flash, render_template, request, url_for

from programmes.adapters.orm import district, field_of_action, report
from programmes.api.common import known_funder
from programmes.domain.assessment import CRITERIA, InvalidAssessment
from programmes.domain.lifecycle import STAGE_LABELS, STAGES, allowed_targets
from programmes.domain.reference import REPORT_KINDS, REPORT_STATUSES, Conflict
from programmes.queries import (
    evaluation_of,
    indicator_detail,
    indicators_of,
    list_programmes,
    list_projects,
    matching_calls,
    names,
    partners_of,
    reports_of,
    sustainment_of,
)
from programmes.service_layer import projects as handlers
from programmes.service_layer import tracking, workshop
from programmes.service_layer.common import load, load_project
from programmes.ui.common import (
    _,
    actor,
    can_edit,
    done,
    fill_choices,
    form_data,
    labels,
    paged,
    read,
    readability_view,
    reason,
    rt,
    same_version,
    tr,
    write,
)
from programmes.ui.forms import (
    AssessmentForm,
    DeleteForm,
    EvaluationForm,
    IndicatorEditForm,
    IndicatorForm,
    MeasurementForm,
    ProjectForm,
    PublishForm,
    ReportForm,
    ReportStatusForm,
    SustainmentForm,
    TransitionForm,
)


def _evaluation_data(evaluation) -> dict:
    if not evaluation:
        return {}
    data = dict(evaluation)
    for key, item in (evaluation.get("criteria") or {}).items():
        data[f"{key}_score"], data[f"{key}_reason"] = item.get("score"), item.get("reason")
    return data


def _forms(row, conn, **given):
    forms = {
        "transition": TransitionForm(formdata=None, prefix="transition"),
        "indicator": IndicatorForm(formdata=None, prefix="indicator"),
        "measurement": MeasurementForm(formdata=None, prefix="measurement"),
        "report": ReportForm(formdata=None, prefix="report"),
        "evaluation": EvaluationForm(formdata=None, prefix="evaluation",
                                     data=_evaluation_data(evaluation_of(conn, row["id"]))),
        "sustainment": SustainmentForm(formdata=None, prefix="sustainment", data=sustainment_of(conn, row["id"]) or {}),
        "publish": PublishForm(formdata=None, data={"published": not row["published"]}),
        "edit": ProjectForm(formdata=None, prefix="edit", data=row),
    }
    forms.update(given)
    forms["transition"].to.choices = [(s, tr(STAGE_LABELS[s])) for s in allowed_targets(row["stage"])]
    forms["measurement"].indicator_id.choices = [(i["id"], i["name"]) for i in indicators_of(conn, row["id"])]
    fill_choices(forms["report"], conn)
    fill_choices(forms["edit"], conn)
    return forms


def render_project(project_id, status=200, **given):
    with rt().engine.connect() as conn:
        row = load_project(conn, project_id)
        ctx = {"row": row, "forms": _forms(row, conn, **given), "indicators": indicators_of(conn, project_id),
               "reports": reports_of(conn, project_id), "evaluation": evaluation_of(conn, project_id),
               "sustainment": sustainment_of(conn, project_id), "partners": partners_of(conn, row["partner_ids"]),
               "history": handlers.history(conn, project_id), "calls": matching_calls(conn, row["fields_of_action"]),
               "assessments": workshop.assessments(conn, project_id), "fields": names(conn, field_of_action),
               "districts": names(conn, district), "readability": readability_view(row["summary"]),
               "report_kinds": labels(REPORT_KINDS), "report_statuses": labels(REPORT_STATUSES),
               "criteria": labels(CRITERIA),
               "status_form": ReportStatusForm(formdata=None), "can_edit": can_edit()}
    return render_template("programmes/project.html", **ctx), status


def _action(project_id, form, apply, message, key):
    """Validate ``form``; run ``apply(data)``; on success redirect, else re-render with the errors."""
    if form.validate_on_submit():
        try:
            apply(form_data(form, "version"))  # the version is checked by same_version(form)
            return done(message, "ui.project_detail", project_id=project_id)
        except Conflict as exc:
            flash(reason(exc), "error")
            return render_project(project_id, 409, **{key: form})
    return render_project(project_id, 422, **{key: form})


def register(bp):
    @bp.get("/projekte")
    @read
    def projects():
        args = {"q": request.args.get("q") or None, "programme_id": request.args.get("programme") or None,
                "stage": request.args.get("stage") or None, "field": request.args.get("field") or None,
                "district_code": request.args.get("district") or None}
        with rt().engine.connect() as conn:
            rows = list_projects(conn, **args)
            ctx = {"programmes": list_programmes(conn), "fields": names(conn, field_of_action),
                   "districts": names(conn, district)}
        pager = paged(rows)
        return render_template("programmes/projects.html", rows=pager["items"], pager=pager, args=args, stages=STAGES,
                               can_edit=can_edit(), **ctx)

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
        return _action(project_id, form, lambda d: handlers.update_project(
            rt().uow(), project_id, actor=actor(), check=same_version(form), **d), _("Änderungen gespeichert."), "edit")

    @bp.post("/projekte/<project_id>/phase")
    @write
    def project_transition(project_id):
        form = TransitionForm(prefix="transition")
        return _action(project_id, form, lambda d: handlers.change_stage(
            rt().uow(), project_id, d["to"], reason=d["reason"], actor=actor(),
            decision_reference=d["decision_reference"] or ""), _("Phase geändert."), "transition")

    @bp.post("/projekte/<project_id>/veroeffentlichung")
    @write
    def project_publish(project_id):
        form = PublishForm()
        return _action(project_id, form, lambda d: handlers.set_project_published(
            rt().uow(), project_id, d["published"], actor=actor()), _("Veröffentlichung geändert."), "publish")

    @bp.post("/projekte/<project_id>/indikatoren")
    @write
    def indicator_new(project_id):
        return _action(project_id, IndicatorForm(prefix="indicator"), lambda d: tracking.add_indicator(
            rt().uow(), project_id, actor=actor(), **d), _("Indikator angelegt."), "indicator")

    @bp.route("/indikatoren/<indicator_id>", methods=["GET", "POST"])
    @write
    def indicator_edit(indicator_id):
        with rt().engine.connect() as conn:
            row = indicator_detail(conn, indicator_id)
            project = load_project(conn, row["project_id"])
        form = IndicatorEditForm() if request.method == "POST" else IndicatorEditForm(data=row)
        status = 200
        if form.validate_on_submit():
            try:
                tracking.update_indicator(rt().uow(), indicator_id, actor=actor(), check=same_version(form),
                                          **form_data(form, "version"))
                return done(_("Indikator „%(name)s“ gespeichert.", name=form.name.data), "ui.project_detail",
                            project_id=row["project_id"])
            except Conflict as exc:
                flash(reason(exc), "error")
                status = 409
        intro = _("Indikator des Projekts „%(title)s“.", title=project["title"])
        if row["measurements"]:
            intro += " " + _("Die Messwerte bleiben erhalten; die Zielerreichung wird mit dem neuen Ausgangs- und "
                             "Zielwert berechnet.")
        return render_template("programmes/form.html", form=form, intro=intro, submit=_("Speichern"),
                               title=_("Indikator bearbeiten: %(name)s", name=row["name"]),
                               back=url_for("ui.project_detail", project_id=row["project_id"])), \
            422 if form.errors else status

    @bp.route("/indikatoren/<indicator_id>/loeschen", methods=["GET", "POST"])
    @write
    def indicator_delete(indicator_id):
        """Confirmation step, then the deletion; an indicator with measurements stays (they are evidence)."""
        with rt().engine.connect() as conn:
            row = indicator_detail(conn, indicator_id)
            project = load_project(conn, row["project_id"])
        form = DeleteForm() if request.method == "POST" else DeleteForm(data={"version": row["version"]})
        page = {"title": _("Indikator löschen: %(name)s", name=row["name"]),
                "text": _("Der Indikator „%(name)s“ des Projekts „%(title)s“ wird gelöscht. Das lässt sich nicht "
                          "rückgängig machen.", name=row["name"], title=project["title"]),
                "submit": _("Endgültig löschen"),
                "back": url_for("ui.project_detail", project_id=row["project_id"]),
                "refusal": tr(tracking.MEASUREMENTS_ARE_EVIDENCE) if row["measurements"] else None}
        if request.method == "POST":
            if not form.validate_on_submit():
                flash(_("Das Formular ist abgelaufen. Bitte erneut versuchen."), "error")
                return done(None, "ui.indicator_delete", indicator_id=indicator_id)
            try:
                tracking.delete_indicator(rt().uow(), indicator_id, actor=actor(), check=same_version(form))
            except Conflict as exc:
                return render_template("programmes/confirm.html", form=form, **{**page, "refusal": reason(exc)}), 409
            return done(_("Indikator „%(name)s“ gelöscht.", name=row["name"]), "ui.project_detail",
                        project_id=row["project_id"])
        return render_template("programmes/confirm.html", form=form, **page)

    @bp.post("/projekte/<project_id>/messwerte")
    @write
    def measurement_new(project_id):
        form = MeasurementForm(prefix="measurement")
        with rt().engine.connect() as conn:
            form.indicator_id.choices = [(i["id"], i["name"]) for i in indicators_of(conn, project_id)]

        def apply(d):
            tracking.add_measurement(rt().uow(), d.pop("indicator_id"), actor=actor(), **d)
        return _action(project_id, form, apply, _("Messwert erfasst."), "measurement")

    @bp.post("/projekte/<project_id>/berichte")
    @write
    def report_new(project_id):
        form = ReportForm(prefix="report")
        fill_choices(form)
        with rt().engine.connect() as conn:
            if not known_funder(conn, form.funder_id.data):
                form.funder_id.errors = [_("Unbekannter Fördermittelgeber.")]
                return render_project(project_id, 422, report=form)
        return _action(project_id, form, lambda d: tracking.add_report(rt().uow(), project_id, actor=actor(), **d),
                       _("Bericht angelegt."), "report")

    @bp.post("/berichte/<report_id>")
    @write
    def report_status(report_id):
        with rt().engine.connect() as conn:
            project_id = load(conn, report, report_id, "Der Bericht")["project_id"]
        form = ReportStatusForm()

        def apply(d):
            if not d["text"]:
                d.pop("text")
            tracking.update_report(rt().uow(), report_id, actor=actor(), check=same_version(form), **d)
        return _action(project_id, form, apply, _("Bericht aktualisiert."), "report_status")

    @bp.post("/projekte/<project_id>/evaluation")
    @write
    def evaluation(project_id):
        form = EvaluationForm(prefix="evaluation")

        if not form.validate_on_submit():
            return render_project(project_id, 422, evaluation=form)
        try:
            result = tracking.record_evaluation(
                rt().uow(), project_id, actor=actor(), criteria=form.criteria(), check=same_version(form),
                **{k: form[k].data for k in ("goal_attainment", "attainment_percent")},
                lessons_learned=form.lessons_learned.data or "")
        except InvalidAssessment as exc:
            for key, errors in exc.errors.items():
                target = form[f"{key}_reason"] if f"{key}_reason" in form else form.goal_attainment
                target.errors = list(target.errors) + [tr(e) for e in errors]
            return render_project(project_id, 422, evaluation=form)
        except Conflict as exc:
            flash(reason(exc), "error")
            return render_project(project_id, 409, evaluation=form)
        message = (_("Evaluation gespeichert: Neubewertung %(total)s von 21 Punkten, bestanden.",
                     total=result["total"]) if result["passed"] else
                   _("Evaluation gespeichert: Neubewertung %(total)s von 21 Punkten, nicht bestanden.",
                     total=result["total"]))
        return done(message, "ui.project_detail", project_id=project_id)

    @bp.post("/projekte/<project_id>/verstetigung")
    @write
    def sustainment(project_id):
        form = SustainmentForm(prefix="sustainment")
        return _action(project_id, form, lambda d: tracking.save_sustainment_plan(
            rt().uow(), project_id, actor=actor(), check=same_version(form), **d),
            _("Verstetigungsplan gespeichert."), "sustainment")

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
                return done(message, "ui.project_detail", project_id=project_id)
        return render_template("programmes/form.html", form=form, submit=_("Bewertung speichern"),
                               title=_("Ideenwerkstatt: %(title)s", title=row["title"]),
                               intro=_("Jedes Kriterium 0–3 Punkte mit Begründung. Bestanden ab %(threshold)s von 21 "
                                       "Punkten; erst dann geht es ins Konzept.", threshold=threshold)), \
            422 if form.errors else 200
