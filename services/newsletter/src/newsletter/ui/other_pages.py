"""Bounces, archive and audit log."""

from flask import flash, redirect, render_template, url_for
from flask_babel import ngettext
from sqlalchemy import select

from newsletter import queries
from newsletter.service_layer.bounces import record_dsn
from newsletter.ui.forms import BounceForm
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _


def register(bp) -> None:
    @bp.route("/ruecklaeufer", methods=["GET", "POST"])
    @require_roles("newsletter.editor")  # personal data: the department only
    def bounces():
        form = BounceForm()
        rt = runtime_of()
        if form.validate_on_submit() and current_principal().has_any(["newsletter.editor"]):
            found = record_dsn(rt.uow(), form.raw.data.encode("utf-8"), source="formular",
                               actor=current_principal().user)
            if found:
                flash(ngettext("%(num)s Rückläufer erfasst.", "%(num)s Rückläufer erfasst.", len(found)), "success")
                return redirect(url_for("ui.bounces"))
            form.raw.errors.append(_("Das ist keine Zustellbenachrichtigung (DSN) mit fehlgeschlagenen "
                                     "Empfängern."))
        with rt.engine.connect() as conn:
            rows = queries.bounces(conn)
        return render_template("newsletter/bounces.html", rows=rows, form=form), (422 if form.errors else 200)

    @bp.get("/archiv")
    @require_roles("newsletter.editor", "viewer")
    def archive():
        with runtime_of().engine.connect() as conn:
            rows = queries.public_issues(conn)
        return render_template("newsletter/archive.html", rows=rows)

    @bp.get("/protokoll")
    @require_roles("newsletter.editor", "viewer")
    def audit():
        rt = runtime_of()
        audit_log = rt.metadata.tables["audit_log"]
        with rt.engine.connect() as conn:
            rows = conn.execute(select(audit_log).order_by(audit_log.c.id.desc()).limit(200)).mappings().all()
        return render_template("newsletter/audit.html", rows=rows)
