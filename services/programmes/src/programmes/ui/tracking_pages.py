"""UI pages of a project's tracking: indicators and measurements, reports, evaluation, sustainment plan."""

from flask import flash, render_template, request, url_for

from programmes.adapters.orm import report
from programmes.api.common import known_funder
from programmes.domain.assessment import InvalidAssessment
from programmes.domain.reference import Conflict
from programmes.queries import indicator_detail, indicators_of
from programmes.service_layer import tracking
from programmes.service_layer.common import load, load_project
from programmes.ui.common import _, actor, done, fill_choices, form_data, reason, rt, same_version, tr, write
from programmes.ui.forms import (
    DeleteForm,
    EvaluationForm,
    IndicatorEditForm,
    IndicatorForm,
    MeasurementForm,
    ReportForm,
    ReportStatusForm,
    SustainmentForm,
)
from programmes.ui.project_pages import action
from programmes.ui.project_view import render_project


def register(bp):
    @bp.post("/projekte/<project_id>/indikatoren")
    @write
    def indicator_new(project_id):
        return action(project_id, IndicatorForm(prefix="indicator"), lambda d: tracking.add_indicator(
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
                            project_id=row["project_id"], tab="indikatoren")
            except Conflict as exc:
                flash(reason(exc), "error")
                status = 409
        intro = _("Indikator des Projekts „%(title)s“.", title=project["title"])
        if row["measurements"]:
            intro += " " + _("Die Messwerte bleiben erhalten; die Zielerreichung wird mit dem neuen Ausgangs- und "
                             "Zielwert berechnet.")
        return render_template("programmes/form.html", form=form, intro=intro, submit=_("Speichern"),
                               title=_("Indikator bearbeiten: %(name)s", name=row["name"]),
                               back=url_for("ui.project_detail", project_id=row["project_id"], tab="indikatoren")), \
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
                "back": url_for("ui.project_detail", project_id=row["project_id"], tab="indikatoren"),
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
                        project_id=row["project_id"], tab="indikatoren")
        return render_template("programmes/confirm.html", form=form, **page)

    @bp.post("/projekte/<project_id>/messwerte")
    @write
    def measurement_new(project_id):
        form = MeasurementForm(prefix="measurement")
        with rt().engine.connect() as conn:
            form.indicator_id.choices = [(i["id"], i["name"]) for i in indicators_of(conn, project_id)]

        def apply(d):
            tracking.add_measurement(rt().uow(), d.pop("indicator_id"), actor=actor(), **d)
        return action(project_id, form, apply, _("Messwert erfasst."), "measurement")

    @bp.post("/projekte/<project_id>/berichte")
    @write
    def report_new(project_id):
        form = ReportForm(prefix="report")
        fill_choices(form)
        with rt().engine.connect() as conn:
            if not known_funder(conn, form.funder_id.data):
                form.funder_id.errors = [_("Unbekannter Fördermittelgeber.")]
                return render_project(project_id, 422, report=form)
        return action(project_id, form, lambda d: tracking.add_report(rt().uow(), project_id, actor=actor(), **d),
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
        return action(project_id, form, apply, _("Bericht aktualisiert."), "report_status")

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
        return done(message, "ui.project_detail", project_id=project_id, tab="evaluation")

    @bp.post("/projekte/<project_id>/verstetigung")
    @write
    def sustainment(project_id):
        form = SustainmentForm(prefix="sustainment")
        return action(project_id, form, lambda d: tracking.save_sustainment_plan(
            rt().uow(), project_id, actor=actor(), check=same_version(form), **d),
            _("Verstetigungsplan gespeichert."), "sustainment")
