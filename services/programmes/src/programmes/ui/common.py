"""Helpers of the department UI: role checks, select choices, form → data."""

from __future__ import annotations

from flask import flash, redirect, url_for
from sqlalchemy import select

from programmes.adapters.orm import district, field_of_action, programme, target_group
from programmes.api.common import READ_ROLES, WRITE_ROLES, actor, rt
from programmes.domain.reference import Conflict
from programmes.queries import funders, names, organisations
from programmes.texts import labels, reason, tr
from servicekit.auth import current_principal, require_roles
from servicekit.readability import DEFAULT_THRESHOLD as READABILITY_TARGET
from servicekit.readability import amstad
from servicekit.web.i18n import Msg, _, select_locale

read = require_roles(*READ_ROLES)
write = require_roles(*WRITE_ROLES)

__all__ = ["read", "write", "actor", "rt", "fill_choices", "form_data", "can_edit", "done", "ensure_write", "labels",
           "reason", "tr", "_", "readability_view"]


def can_edit() -> bool:
    principal = current_principal()
    return bool(principal and principal.has_any(WRITE_ROLES))


def fill_choices(form, conn=None) -> None:
    """Fill every select of ``form`` whose choices come from the database (on ``conn`` if given: SQLite
    allows one writer-style transaction at a time, so never open a second connection inside one)."""
    if conn is None:
        with rt().engine.connect() as own:
            return fill_choices(form, own)
    options = {
        "fields_of_action": list(names(conn, field_of_action, active_only=True).items()),
        "districts": list(names(conn, district, active_only=True).items()),
        "target_groups": list(names(conn, target_group, active_only=True).items()),
        "partner_ids": [(o["id"], o["name"]) for o in organisations(conn)],
        "funder_ids": [(f["id"], f["name"]) for f in funders(conn)],
        "programme_id": [("", _("– ohne Programm –"))] + [
            (r.id, r.name) for r in conn.execute(select(programme.c.id, programme.c.name)
                                                 .order_by(programme.c.name))],
    }
    options["funder_id"] = [("", _("– keiner –"))] + options["funder_ids"]
    for name, choices in options.items():
        if name in form:
            form[name].choices = choices
    for name, table in (("fields_of_action", field_of_action), ("districts", district),
                        ("target_groups", target_group)):
        # a deactivated entry is no longer offered, but a record that has it keeps it
        if name in form and isinstance(form[name].data, list):
            offered = {value for value, _label in form[name].choices}
            every = names(conn, table)
            form[name].choices += [(v, _("%(name)s (nicht mehr aktiv)", name=every[v])) for v in form[name].data
                                   if v in every and v not in offered]
    if "funder_ids" in form and isinstance(form.funder_ids.data, list):
        # Funders come from finance's events and may not have arrived yet: keep such references (the API
        # accepts them too) instead of locking the form, named without their id.
        known = {value for value, _ in form.funder_ids.choices}
        missing = [v for v in form.funder_ids.data if v and v not in known]
        form.funder_ids.choices += [(v, NOT_YET_ANNOUNCED() if len(missing) == 1 else
                                     _("Fördermittelgeber %(n)s, den die Kämmerei noch nicht gemeldet hat", n=n))
                                    for n, v in enumerate(missing, 1)]
    if "funder_id" in form and form.funder_id.data and form.funder_id.data not in dict(form.funder_id.choices):
        form.funder_id.choices += [(form.funder_id.data, NOT_YET_ANNOUNCED())]


def NOT_YET_ANNOUNCED() -> str:  # noqa: N802 - a label, translated at request time
    return _("Fördermittelgeber, den die Kämmerei noch nicht gemeldet hat")


def form_data(form, *skip: str) -> dict:
    """Form fields → handler keyword arguments ("" → None for optional selects)."""
    data = {k: v for k, v in form.data.items() if k not in ("csrf_token", "submit", *skip)}
    for key in ("programme_id", "funder_id"):
        if key in data and not data[key]:
            data[key] = None
    for key in ("short_name", "contact", "summary", "description", "responsible", "source_detail", "link", "unit",
                "note", "notes", "lessons_learned", "text"):
        if key in data and data[key] is None:
            data[key] = ""
    return data


def ensure_write() -> None:
    """POST on a page that everyone may read: only editors may change."""
    write(lambda: None)()


def same_version(form):
    """Optimistic locking for edit forms: refuse if someone saved in between (the form carries the version)."""
    def check(before):
        if before is None:  # the first save of a record that does not exist yet (evaluation, plan)
            return
        if form.version.data and str(before["version"]) != str(form.version.data):
            raise Conflict(Msg("Der Datensatz wurde inzwischen von jemand anderem geändert. "
                               "Bitte laden Sie die Seite neu und übernehmen Sie Ihre Änderungen erneut."))
    return check


def readability_view(text: str) -> dict:
    """The Amstad check as the screens show it: band label and warning in the reader's language."""
    result = amstad(text or "")
    label = result.label_en if select_locale() == "en" else result.label_de
    warning = None
    if result.warning:
        warning = _("Der Text ist %(label)s zu lesen (Amstad %(score)s, Ziel mindestens %(target)s). "
                    "Kürzere Sätze und einfachere Wörter helfen.", label=label, score=f"{result.score:.0f}",
                    target=f"{READABILITY_TARGET:.0f}")
    return {"score": result.score, "label": label, "warning": warning}


def done(message: str | None, endpoint: str, **values):
    """Redirect (303) after a change, with ``message`` (already in the reader's language) as a flash."""
    if message:
        flash(message, "success")
    return redirect(url_for(endpoint, **values), code=303)
