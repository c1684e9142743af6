"""UI pages: funding calls (Förderaufrufe) with search, filters and pages; edit and delete."""

from flask import flash, render_template, request, url_for

from programmes import lists
from programmes.adapters.orm import field_of_action
from programmes.domain.reference import Conflict
from programmes.queries import call_detail, funders, names
from programmes.service_layer import programmes as handlers
from programmes.ui.common import (
    actor,
    can_edit,
    done,
    ensure_write,
    fill_choices,
    form_data,
    read,
    reason,
    rt,
    same_version,
    write,
)
from programmes.ui.forms import CallEditForm, CallForm, DeleteForm
from servicekit.web.i18n import _
from servicekit.web.listing import Listing
from servicekit.web.ui import datum


def register(bp):
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
        listing = Listing.from_request(filters=("field", "funder"))
        with rt().engine.connect() as conn:
            page = listing.fetch(conn, lists.calls_stmt(q=listing.q, field=listing.filters.get("field"),
                                                        funder_id=listing.filters.get("funder")))
            fields, funder_names = names(conn, field_of_action), {f["id"]: f["name"] for f in funders(conn)}
        return render_template("programmes/calls.html", page=page, listing=listing, form=form, fields=fields,
                               funders=funder_names, can_edit=can_edit()), 422 if form.errors else 200

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
        return render_template("programmes/form.html", form=form, submit=_("Speichern"),
                               title=_("Förderaufruf bearbeiten: %(title)s", title=row["title"]),
                               back=url_for("ui.calls")), 422 if form.errors else status

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
