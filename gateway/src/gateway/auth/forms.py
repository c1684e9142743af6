"""Forms of the login and the account administration (CSRF via servicekit's BaseForm).

Labels are German here and translated where they are rendered (``macros.field``), as on the public forms; the
role checkboxes get their labels in the reader's language when a form is made (always within a request)."""

import re

from wtforms import BooleanField, EmailField, IntegerField, PasswordField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from gateway.public_site.i18n import translate
from gateway.webform import BaseForm
from servicekit.auth.principal import ROLES
from servicekit.auth.roles import ROLE_LABELS  # the German names; translated by the EN table

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Email:
    """A plain e-mail syntax check (the services validate again; delivery proves the rest)."""

    def __call__(self, form, field) -> None:
        if field.data and (len(field.data) > 254 or not _EMAIL.match(field.data)):
            raise ValidationError(translate("Bitte geben Sie eine gültige E-Mail-Adresse ein."))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def role_choices() -> list[tuple[str, str]]:
    return [(r, translate(ROLE_LABELS[r])) for r in ROLES]


def _roles_field():
    return MultiCheckboxField("Rollen", choices=[(r, ROLE_LABELS[r]) for r in ROLES], validate_choice=True)


class RolesForm(BaseForm):
    """A form with the ``roles`` checkboxes, labelled in the reader's language."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.roles.choices = role_choices()


class LoginForm(BaseForm):
    email = EmailField("E-Mail-Adresse", validators=[DataRequired(), Email()],
                       render_kw={"autocomplete": "username"})
    password = PasswordField("Passwort", validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})


class UserForm(RolesForm):
    email = EmailField("E-Mail-Adresse", validators=[DataRequired(), Email()])
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    password = PasswordField("Erstes Passwort (mindestens 12 Zeichen)", validators=[Optional(), Length(min=12)],
                             render_kw={"autocomplete": "new-password"})
    roles = _roles_field()


class UserEditForm(RolesForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    roles = _roles_field()
    active = BooleanField("Konto aktiv")
    password = PasswordField("Neues Passwort (leer lassen = unverändert)", validators=[Optional(), Length(min=12)],
                             render_kw={"autocomplete": "new-password"})
    unlock = BooleanField("Sperre nach Fehlversuchen aufheben")


class TokenForm(RolesForm):
    name = StringField("Name des Tokens (wofür?)", validators=[DataRequired(), Length(max=200)])
    roles = _roles_field()
    days = IntegerField("Gültig für Tage", default=365, validators=[DataRequired(), NumberRange(min=1, max=730)])


class PasswordForm(BaseForm):
    current = PasswordField("Bisheriges Passwort", validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField("Neues Passwort (mindestens 12 Zeichen)", validators=[DataRequired(), Length(min=12)],
                        render_kw={"autocomplete": "new-password"})
    repeat = PasswordField("Neues Passwort wiederholen", validators=[DataRequired()],
                           render_kw={"autocomplete": "new-password"})

    def validate_repeat(self, field) -> None:
        if field.data != self.new.data:
            raise ValidationError(translate("Die beiden neuen Passwörter stimmen nicht überein."))


class ConfirmForm(BaseForm):
    """An empty form: only the CSRF token (logout, revoke)."""
