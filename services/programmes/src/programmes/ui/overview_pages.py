"""UI pages: reference data (Stammdaten), workshop settings, audit log."""

from flask import flash, render_template, request, url_for
from sqlalchemy import select

from programmes.adapters.orm import district, field_of_action, target_group
from programmes.domain.reference import REPORT_KINDS, REPORT_STATUSES, Conflict, DuplicateCode, NotFound
from programmes.queries import all_reports, funders, reference
from programmes.service_layer import handlers, workshop
from programmes.service_layer.common import today
from programmes.ui.common import (
    _,
    actor,
    can_edit,
    done,
    ensure_write,
    labels,
    paged,
    read,
    reason,
    rt,
    same_version,
    write,
)
from programmes.ui.forms import ReferenceEditForm, ReferenceForm, ThresholdForm


def register(bp):
    @bp.route("/stammdaten", methods=["GET", "POST"])
    @read
    def reference_data():
        form = ReferenceForm()
        threshold_form = ThresholdForm(formdata=None)
        if request.method == "POST":
            ensure_write()
            if form.validate_on_submit():
                try:
                    handlers.create_reference(rt().uow(), form.kind.data, code=form.code.data, name=form.name.data,
                                              actor=actor())
                    return done(_("Eintrag angelegt."), "ui.reference_data")
                except DuplicateCode as exc:
                    form.code.errors.append(reason(exc))
        with rt().engine.connect() as conn:
            threshold_form.threshold.data = workshop.threshold(conn)
            lists = [(_("Handlungsfelder"), "field_of_action", reference(conn, field_of_action)),
                     (_("Stadtteile"), "district", reference(conn, district)),
                     (_("Zielgruppen"), "target_group", reference(conn, target_group))]
        return render_template("programmes/reference.html", form=form, threshold_form=threshold_form, lists=lists,
                               can_edit=can_edit()), 422 if form.errors else 200

    @bp.route("/stammdaten/<kind>/<code>", methods=["GET", "POST"])
    @write
    def reference_edit(kind, code):
        """Rename or deactivate an entry (a deactivated one is no longer offered; existing records keep it)."""
        if kind not in handlers.REFERENCE_TABLES:
            raise NotFound(_("Diese Art von Stammdaten gibt es nicht."))
        table = handlers.REFERENCE_TABLES[kind][0]
        with rt().engine.connect() as conn:
            row = conn.execute(select(table).where(table.c.code == code)).mappings().first()
        if row is None:
            raise NotFound(_("Den Eintrag „%(code)s“ gibt es nicht.", code=code))
        form = ReferenceEditForm() if request.method == "POST" else ReferenceEditForm(data=row)
        status = 200
        if form.validate_on_submit():
            try:
                handlers.update_reference(rt().uow(), kind, code, actor=actor(), name=form.name.data,
                                          active=bool(form.active.data), check=same_version(form))
                message = (_("„%(name)s“ gespeichert.", name=form.name.data) if form.active.data else
                           _("„%(name)s“ gespeichert und deaktiviert: nicht mehr in Auswahllisten, bestehende "
                             "Datensätze behalten den Eintrag.", name=form.name.data))
                return done(message, "ui.reference_data")
            except Conflict as exc:  # someone else saved this entry since the form was loaded
                flash(reason(exc), "error")
                status = 409
        return render_template("programmes/form.html", form=form, submit=_("Speichern"),
                               title=_("Stammdaten bearbeiten: %(name)s", name=row["name"]),
                               intro=_("Kürzel „%(code)s“ (bleibt unverändert).", code=code),
                               back=url_for("ui.reference_data")), 422 if form.errors else status

    @bp.post("/stammdaten/schwelle")
    @read
    def threshold():
        ensure_write()
        form = ThresholdForm()
        if form.validate_on_submit():
            workshop.set_threshold(rt().uow(), form.threshold.data, actor=actor())
            return done(_("Die Bestehensschwelle ist jetzt %(n)s Punkte.", n=form.threshold.data), "ui.reference_data")
        for error in form.threshold.errors:
            flash(_("Bestehensschwelle: %(error)s", error=str(error)), "error")
        return done(None, "ui.reference_data")

    @bp.get("/berichte")
    @read
    def reports():
        args = {"status": request.args.get("status") or None, "funder_id": request.args.get("funder") or None}
        with rt().engine.connect() as conn:
            pager = paged(all_reports(conn, **args))
            funder_names = {f["id"]: f["name"] for f in funders(conn)}
        return render_template("programmes/reports.html", pager=pager, rows=pager["items"], args=args,
                               statuses=labels(REPORT_STATUSES), kinds=labels(REPORT_KINDS), funders=funder_names,
                               today=today())

    @bp.get("/protokoll")
    @read
    def audit():
        table = rt().metadata.tables["audit_log"]
        stmt = select(table).order_by(table.c.id.desc()).limit(200)
        for key in ("entity", "entity_id"):
            if request.args.get(key):
                stmt = stmt.where(table.c[key] == request.args[key])
        with rt().engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(stmt).mappings()]
        return render_template("programmes/audit.html", rows=rows, args=request.args)
