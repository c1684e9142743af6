"""Helpers shared by the department UI views."""

from __future__ import annotations

from urllib.parse import quote

from flask import flash, redirect, render_template, url_for

from participation.domain.errors import Conflict, RuleViolation
from participation.ui import labels
from participation.ui.labels import person_name
from servicekit.auth import current_principal
from servicekit.web.app import runtime_of
from servicekit.web.i18n import Msg, tr
from servicekit.web.problems import Problem

EDITOR, READ = "participation.editor", ("participation.editor", "viewer")


def who() -> str:
    return current_principal().user


def conn():
    return runtime_of().engine.connect()


def uow():
    return runtime_of().uow()


def project_url(project_id: str) -> str:
    """The project's page in the programmes department (the gateway serves every department under /intern/)."""
    return f"/intern/programmes/projekte/{quote(project_id, safe='')}"


def is_editor() -> bool:
    principal = current_principal()
    return bool(principal and principal.has_any([EDITOR]))


def render(name, **ctx):
    return render_template(f"participation/{name}.html", body_types=labels.BODY_TYPES, roles=labels.ROLES,
                           choices=labels.CHOICES, outcomes=labels.OUTCOMES, minutes_status=labels.MINUTES_STATUS,
                           registration_status=labels.REGISTRATION_STATUS, signup_status=labels.SIGNUP_STATUS,
                           organisation_kinds=labels.ORGANISATION_KINDS, consent_methods=labels.CONSENT_METHODS,
                           consent_purposes=labels.CONSENT_PURPOSES, stages=labels.STAGES,
                           programme_status=labels.PROGRAMME_STATUS, fields_of_action=labels.FIELDS_OF_ACTION,
                           districts=labels.DISTRICTS, names=labels.names,
                           opportunity_kinds=labels.OPPORTUNITY_KINDS, languages=labels.LANGUAGES, label=labels.label,
                           stored_text=labels.stored_text, recusal_reason=labels.recusal_reason,
                           person_name=person_name, project_url=project_url, editor=is_editor(), **ctx)


def require_editor() -> None:
    if not current_principal().has_any([EDITOR]):
        raise Problem(403)


def csrf_failed():
    raise Problem(400, Msg("Das Formular ist abgelaufen oder unvollständig. Bitte laden Sie die Seite neu."))


def guarded(endpoint: str, action, **url_args):
    """Run a state change for a form; ``action`` returns the success message already in the reader's language
    (``_()``). Domain refusals become a flash message on the same page, translated before they are flashed
    because the session stores the text."""
    require_editor()
    try:
        flash(action(), "success")
    except (Conflict, RuleViolation) as exc:
        flash(tr(str(exc)), "error")
    return redirect(url_for(endpoint, **url_args))
