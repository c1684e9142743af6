"""UI pages: programmes, funding calls, ideas (with the best-practice library)."""

from flask import flash, render_template, request, url_for

from programmes.adapters.orm import idea
from programmes.domain.reference import IDEA_SOURCES, PROGRAMME_STATUSES, Conflict
from programmes.queries import call_detail, list_calls, list_ideas, list_programmes, list_projects, matching_calls
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
    paged,
    read,
    readability_view,
    reason,
    rt,
    same_version,
    write,
)
from programmes.ui.forms import (
    CallEditForm,
    CallForm,
    DeleteForm,
    IdeaEditForm,
    IdeaForm,
    ProgrammeForm,
    PublishForm,
)
from servicekit.web.i18n import _
from servicekit.web.ui import datum


def _form_page(form, title, submit, status=200, **extra):
    return render_template("programmes/form.html", form=form, title=title, submit=submit, **extra), status


def register(bp):
    @bp.get("/programme")
    @read
    def programmes():
        args = {k: request.args.get(k) or None for k in ("q", "status", "field")}
        with rt().engine.connect() as conn:
            rows = list_programmes(conn, **args)
        form = ProgrammeForm(formdata=None)
        fill_choices(form)
        pager = paged(rows)
        return render_template("programmes/programmes.html", rows=pager["items"], pager=pager, args=args,
                               statuses=labels(PROGRAMME_STATUSES),
                               fields=form.fields_of_action.choices, can_edit=can_edit())

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
                    return render_template("programmes/programme.html", row=row, form=form, projects=projects,
                                           publish_form=PublishForm(data={"published": not row["published"]}),
                                           readability=readability_view(row["summary"]), can_edit=True), 409
        return render_template("programmes/programme.html", row=row, form=form, projects=projects,
                               publish_form=PublishForm(data={"published": not row["published"]}),
                               readability=readability_view(row["summary"]), can_edit=can_edit()), \
            422 if form.errors else 200

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

    @bp.route("/aufrufe", methods=["GET", "POST"])
    @read
    def calls():
        form = CallForm()
        fill_choices(form)
        if request.method == "POST":
            ensure_write()
            if form.validate_on_submit():
                try:
                    handlers.create_call(rt().uow(), actor=actor(), **form_data(form))
                    return done(_("Förderaufruf erfasst."), "ui.calls")
                except Conflict as exc:
                    form.budget_max.errors.append(reason(exc))
        with rt().engine.connect() as conn:
            rows = list_calls(conn, field=request.args.get("field") or None)
        return render_template("programmes/calls.html", rows=rows, form=form, can_edit=can_edit()), \
            422 if form.errors else 200

    @bp.route("/aufrufe/<call_id>", methods=["GET", "POST"])
    @write
    def call_edit(call_id):
        with rt().engine.connect() as conn:
            row = call_detail(conn, call_id)
        form = CallEditForm() if request.method == "POST" else CallEditForm(data=row)
        fill_choices(form)
        status = 200
        if form.validate_on_submit():
            try:
                handlers.update_call(rt().uow(), call_id, actor=actor(), check=same_version(form),
                                     **form_data(form, "version"))
                return done(_("Förderaufruf „%(title)s“ gespeichert.", title=form.title.data), "ui.calls")
            except Conflict as exc:
                flash(reason(exc), "error")
                status = 409
        return _form_page(form, _("Förderaufruf bearbeiten: %(title)s", title=row["title"]), _("Speichern"),
                          422 if form.errors else status, back=url_for("ui.calls"))

    @bp.route("/aufrufe/<call_id>/loeschen", methods=["GET", "POST"])
    @write
    def call_delete(call_id):
        """Confirmation step, then the deletion (the call leaves the list and the deadline radar)."""
        with rt().engine.connect() as conn:
            row = call_detail(conn, call_id)
        form = DeleteForm() if request.method == "POST" else DeleteForm(data={"version": row["version"]})
        page = {"title": _("Förderaufruf löschen: %(title)s", title=row["title"]),
                "text": _("Der Förderaufruf „%(title)s“ (Frist %(deadline)s) verschwindet aus der Liste, aus dem "
                          "Fristen-Radar und aus den passenden Förderaufrufen der Ideen und Projekte. Das lässt sich "
                          "nicht rückgängig machen.", title=row["title"], deadline=datum(row["deadline"])),
                "submit": _("Endgültig löschen"), "back": url_for("ui.calls")}
        if request.method == "POST":
            if not form.validate_on_submit():
                flash(_("Das Formular ist abgelaufen. Bitte erneut versuchen."), "error")
                return done(None, "ui.call_delete", call_id=call_id)
            try:
                handlers.delete_call(rt().uow(), call_id, actor=actor(), check=same_version(form))
            except Conflict as exc:
                return render_template("programmes/confirm.html", form=form, refusal=reason(exc), **page), 409
            return done(_("Förderaufruf „%(title)s“ gelöscht.", title=row["title"]), "ui.calls")
        return render_template("programmes/confirm.html", form=form, **page)

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
        bp_only = request.args.get("best_practice") == "1"
        args = {"q": request.args.get("q") or None, "source": request.args.get("source") or None,
                "best_practice": True if bp_only else None}
        with rt().engine.connect() as conn:
            pager = paged(list_ideas(conn, **args))
            rows = pager["items"]
            for r in rows:
                r["calls"] = matching_calls(conn, r["fields_of_action"])
        return render_template("programmes/ideas.html", rows=rows, pager=pager, form=form, args=args,
                               sources=labels(IDEA_SOURCES),
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
                          422 if form.errors else status)

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

