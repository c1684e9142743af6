"""Helpers shared by the department UI views."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from participation.domain.errors import Conflict, RuleViolation
from participation.domain.governance import BODY_TYPES, CHOICES, OUTCOMES, ROLES
from servicekit.auth import current_principal
from servicekit.web.app import runtime_of
from servicekit.web.problems import Problem

EDITOR, READ = "participation.editor", ("participation.editor", "viewer")


def who() -> str:
    return current_principal().user


def conn():
    return runtime_of().engine.connect()


def uow():
    return runtime_of().uow()


def render(name, **ctx):
    return render_template(f"participation/{name}.html", body_types=BODY_TYPES, roles=ROLES, choices=CHOICES,
                           outcomes=OUTCOMES, **ctx)


def require_editor() -> None:
    if not current_principal().has_any([EDITOR]):
        raise Problem(403)


def csrf_failed():
    raise Problem(400, "Das Formular ist abgelaufen oder unvollständig. Bitte laden Sie die Seite neu.")


def guarded(endpoint: str, action, **url_args):
    """Run a state change for a form; domain refusals become a German flash message on the same page."""
    require_editor()
    try:
        flash(action(), "success")
    except (Conflict, RuleViolation) as exc:
        flash(str(exc), "error")
    return redirect(url_for(endpoint, **url_args))
