"""UI pages: programmes and ideas (with the best-practice library)."""

from flask import flash, render_template, request

from programmes import lists
from programmes.adapters.orm import field_of_action, idea
from programmes.domain.reference import IDEA_SOURCES, PROGRAMME_STATUSES, Conflict
from programmes.queries import funders, list_projects, matching_calls, names
from programmes.service_layer import programmes as handlers
from programmes.service_layer.common import load, load_programme
from programmes.ui.common import (
    actor,
    can_edit,
    done,
    ensure_write,
    fill_choices,
    form_data,
    labels,
    read,
    readability_view,
    reason,
    rt,
    same_version,
    write,
)
from programmes.ui.forms import IdeaEditForm, IdeaForm, ProgrammeForm, PublishForm
from servicekit.web.i18n import _
from servicekit.web.listing import Listing


def _form_page(form, title, submit, status=200, **extra):
    return render_template("programmes/form.html", form=form, title=title, submit=submit, **extra), status


def _programme_page(row, form, projects, status=200):
    with rt().engine.connect() as conn:
        funder_names = {f["id"]: f["name"] for f in funders(conn)}
        fields = names(conn, field_of_action)
    return render_template("programmes/programme.html", row=row, form=form, projects=projects,
                           statuses=labels(PROGRAMME_STATUSES), funders=funder_names, fields=fields,
                           readability=readability_view(row["summary"]), can_edit=can_edit()), status


def register(bp):
    @bp.get("/programme")
    @read
    def programmes():
        listing = Listing.from_request(filters=("status", "field"))
        with rt().engine.connect() as conn:
            page = listing.fetch(conn, lists.programmes_stmt(q=listing.q, **listing.filters))
            fields = names(conn, field_of_action)
        return render_template("programmes/programmes.html", page=page, listing=listing,
                               statuses=labels(PROGRAMME_STATUSES), fields=fields, can_edit=can_edit())

    @bp.route("/programme/neu", methods=["GET", "POST"])
    @write
    def programme_new():
        form = ProgrammeForm()
        fill_choices(form)
        if form.validate_on_submit():
            row = handlers.create_programme(rt().uow(), actor=actor(), **form_data(form))
            return done(_("Programm „%(name)s“ angelegt.", name=row["name"]), "ui.programme_detail",
                        programme_id=row["id"])
        return _form_page(form, _("Neues Förderprogramm"), _("Anlegen"), 422 if form.errors else 200)

    @bp.route("/programme/<programme_id>", methods=["GET", "POST"])
    @read
    def programme_detail(programme_id):
        with rt().engine.connect() as conn:
            row = load_programme(conn, programme_id)
            projects = list_projects(conn, programme_id=programme_id)
        form = ProgrammeForm(data=row) if request.method == "GET" else ProgrammeForm()
        fill_choices(form)
        if request.method == "POST":
            ensure_write()
            if form.validate_on_submit():
                try:
                    handlers.update_programme(rt().uow(), programme_id, actor=actor(), check=same_version(form),
                                              **form_data(form))
                    return done(_("Änderungen gespeichert."), "ui.programme_detail", programme_id=programme_id)
                except Conflict as exc:
                    flash(reason(exc), "error")
                    return _programme_page(row, form, projects, 409)
        return _programme_page(row, form, projects, 422 if form.errors else 200)

    @bp.post("/programme/<programme_id>/veroeffentlichung")
    @write
    def programme_publish(programme_id):
        form = PublishForm()
        if form.validate_on_submit():
            handlers.set_programme_published(rt().uow(), programme_id, form.published.data, actor=actor())
            return done(_("Veröffentlicht.") if form.published.data else _("Nicht mehr öffentlich."),
                        "ui.programme_detail", programme_id=programme_id)
        flash(_("Das Formular ist abgelaufen. Bitte erneut versuchen."), "error")
        return done(None, "ui.programme_detail", programme_id=programme_id)

    @bp.route("/ideen", methods=["GET", "POST"])
    @read
    def ideas():
        form = IdeaForm()
        fill_choices(form)
        if request.method == "POST":
            ensure_write()
            if form.validate_on_submit():
                handlers.create_idea(rt().uow(), actor=actor(), **form_data(form))
                return done(_("Idee erfasst."), "ui.ideas")
        listing = Listing.from_request(filters=("source", "field", "best_practice"))
        chosen = listing.filters
        with rt().engine.connect() as conn:
            page = listing.fetch(conn, lists.ideas_stmt(
                q=listing.q, source=chosen.get("source"), field=chosen.get("field"),
                best_practice=True if chosen.get("best_practice") == "1" else None))
            for r in page.rows:
                r["calls"] = matching_calls(conn, r["fields_of_action"])
            fields = names(conn, field_of_action)
        return render_template("programmes/ideas.html", page=page, listing=listing, form=form,
                               sources=labels(IDEA_SOURCES), fields=fields,
                               can_edit=can_edit()), 422 if form.errors else 200

    @bp.route("/ideen/<idea_id>", methods=["GET", "POST"])
    @write
    def idea_edit(idea_id):
        with rt().engine.connect() as conn:
            row = load(conn, idea, idea_id, "Die Idee")
        form = IdeaEditForm() if request.method == "POST" else IdeaEditForm(data=row)
        fill_choices(form)
        status = 200
        if form.validate_on_submit():
            try:
                handlers.update_idea(rt().uow(), idea_id, actor=actor(), check=same_version(form),
                                     **form_data(form, "version"))
                return done(_("Idee gespeichert."), "ui.ideas")
            except Conflict as exc:
                flash(reason(exc), "error")
                status = 409
        return _form_page(form, _("Idee bearbeiten: %(title)s", title=row["title"]), _("Speichern"),
                          422 if form.errors else status,
                          who=(row["created_by_name"], row["created_by"], row["created_at"]))

    @bp.post("/ideen/<idea_id>/vorschlag")
    @write
    def idea_propose(idea_id):
        with rt().engine.connect() as conn:
            load(conn, idea, idea_id, "Die Idee")
        form = PublishForm()  # only the CSRF token is needed
        if not form.validate_on_submit():
            flash(_("Das Formular ist abgelaufen. Bitte erneut versuchen."), "error")
            return done(None, "ui.ideas")
        try:
            row = handlers.propose_project(rt().uow(), idea_id, actor=actor())
        except Conflict as exc:
            flash(reason(exc), "error")
            return done(None, "ui.ideas")
        return done(_("Projekt vorgeschlagen. Jetzt in der Ideenwerkstatt bewerten."), "ui.project_detail",
                    project_id=row["id"])
