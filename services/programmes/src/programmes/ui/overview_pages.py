"""UI pages: reference data (Stammdaten, in tabs: the office's own lists and the funders and partners the other
departments announce), workshop settings, reports (Berichtswesen), audit log."""

from flask import flash, render_template, request, url_for
from sqlalchemy import select

from programmes import lists
from programmes.adapters.orm import funder, organisation
from programmes.domain.reference import (
    FUNDER_TYPES,
    ORGANISATION_KINDS,
    REPORT_KINDS,
    REPORT_STATUSES,
    Conflict,
    DuplicateCode,
    NotFound,
)
from programmes.queries import funders, programme_choices
from programmes.service_layer import handlers, workshop
from programmes.service_layer.common import today
from programmes.ui import audit_view
from programmes.ui.common import (
    _,
    actor,
    can_edit,
    done,
    ensure_write,
    labels,
    read,
    reason,
    rt,
    same_version,
    write,
)
from programmes.ui.forms import ReferenceEditForm, ReferenceForm, ThresholdForm
from servicekit.db.search import matches
from servicekit.web.listing import Listing


def _reference_tabs() -> list[tuple[str, str]]:
    return [("field_of_action", _("Handlungsfelder")), ("district", _("Stadtteile")),
            ("target_group", _("Zielgruppen")), ("funder", _("Fördermittelgeber")),
            ("organisation", _("Kooperationspartner"))]


def _reference_stmt(tab: str, q: str):
    """The rows of one tab: the office's own entries, or the read models fed by finance and participation."""
    if tab in handlers.REFERENCE_TABLES:
        table = handlers.REFERENCE_TABLES[tab][0]
        return select(table).where(matches(q, table.c.name)).order_by(table.c.name, table.c.id)
    if tab == "funder":
        return select(funder).where(matches(q, funder.c.name, funder.c.short_name)).order_by(funder.c.name)
    return select(organisation).where(matches(q, organisation.c.name)).order_by(organisation.c.name)


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
                    handlers.create_reference_named(rt().uow(), form.kind.data, name=form.name.data, actor=actor())
                    return done(_("„%(name)s“ angelegt.", name=form.name.data.strip()), "ui.reference_data",
                                tab=form.kind.data)
                except DuplicateCode as exc:
                    form.name.errors.append(reason(exc))
        tabs = _reference_tabs()
        tab = request.args.get("tab") if request.args.get("tab") in dict(tabs) else "field_of_action"
        if request.method == "GET" and tab in handlers.REFERENCE_TABLES:
            form.kind.data = tab
        listing = Listing.from_request(filters=("tab",))
        with rt().engine.connect() as conn:
            threshold_form.threshold.data = workshop.threshold(conn)
            page = listing.fetch(conn, _reference_stmt(tab, listing.q))
        return render_template("programmes/reference.html", form=form, threshold_form=threshold_form, tabs=tabs,
                               tab=tab, page=page, listing=listing, funder_types=labels(FUNDER_TYPES),
                               organisation_kinds=labels(ORGANISATION_KINDS),
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
            raise NotFound(_("Diesen Eintrag gibt es nicht."))
        form = ReferenceEditForm() if request.method == "POST" else ReferenceEditForm(data=row)
        status = 200
        if form.validate_on_submit():
            try:
                handlers.update_reference(rt().uow(), kind, code, actor=actor(), name=form.name.data,
                                          active=bool(form.active.data), check=same_version(form))
                message = (_("„%(name)s“ gespeichert.", name=form.name.data) if form.active.data else
                           _("„%(name)s“ gespeichert und deaktiviert: nicht mehr in Auswahllisten, bestehende "
                             "Datensätze behalten den Eintrag.", name=form.name.data))
                return done(message, "ui.reference_data", tab=kind)
            except Conflict as exc:  # someone else saved this entry since the form was loaded
                flash(reason(exc), "error")
                status = 409
        return render_template("programmes/form.html", form=form, submit=_("Speichern"),
                               title=_("Stammdaten bearbeiten: %(name)s", name=row["name"]),
                               intro=_("Ein neuer Name gilt auch für alle Projekte, Programme und Ideen, die den "
                                       "Eintrag schon haben."),
                               back=url_for("ui.reference_data", tab=kind)), 422 if form.errors else status

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
        listing = Listing.from_request(filters=("status", "funder", "programme", "kind"))
        chosen = listing.filters
        with rt().engine.connect() as conn:
            page = listing.fetch(conn, lists.reports_stmt(
                q=listing.q, status=chosen.get("status"), funder_id=chosen.get("funder"),
                programme_id=chosen.get("programme"), kind=chosen.get("kind")))
            funder_names = {f["id"]: f["name"] for f in funders(conn)}
            programmes = programme_choices(conn)
        return render_template("programmes/reports.html", page=page, listing=listing,
                               statuses=labels(REPORT_STATUSES), kinds=labels(REPORT_KINDS), funders=funder_names,
                               programmes=programmes, today=today())

    @bp.get("/protokoll")
    @read
    def audit():
        listing = Listing.from_request(page_size=50, filters=("entity", "entity_id"))
        table = rt().metadata.tables["audit_log"]
        with rt().engine.connect() as conn:
            ids = audit_view.search_ids(conn, listing.q) if listing.q else None
            page = listing.fetch(conn, lists.audit_stmt(table, q=listing.q, ids=ids, **listing.filters))
            rows = audit_view.view(conn, page.rows)
            about = None
            if listing.filters.get("entity_id") and rows:
                about = (rows[0]["entity_label"], rows[0]["subject"])
        return render_template("programmes/audit.html", page=page, rows=rows, listing=listing, about=about,
                               entities=labels(audit_view.ENTITIES))
