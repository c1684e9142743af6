"""Login and logout (German first, English second), with per-address rate limit (Flask-Limiter) and per-account
lockout."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request

from gateway.adapters.accounts import AccountError
from gateway.auth.forms import ConfirmForm, LoginForm, PasswordForm
from gateway.auth.session import accounts, current_user, login, login_required, logout
from gateway.extensions import rate_limited
from gateway.limits import LOGIN_LIMIT
from gateway.public_site.i18n import translate, translate_message

bp = Blueprint("auth", __name__)

WRONG_LOGIN = "E-Mail-Adresse oder Passwort ist falsch."
LOGIN_REFUSED = {
    "locked": "Dieses Konto ist nach zu vielen Fehlversuchen für 15 Minuten gesperrt. "
              "Bitte versuchen Sie es später erneut oder wenden Sie sich an die Administration.",
    "inactive": "Dieses Konto ist deaktiviert. Bitte wenden Sie sich an die Administration.",
}


def safe_next(target: str | None) -> str:
    """A local path to go to after the login, or /intern/: never another site (no scheme or host, no ``//``,
    no backslash, which browsers read as a slash, no control characters)."""
    if not target or "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return "/intern/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/intern/"
    return target


def _login_limit() -> str:
    return current_app.config.get("GATEWAY_LOGIN_LIMIT", LOGIN_LIMIT)


@bp.route("/anmelden", methods=["GET", "POST"])
@rate_limited(_login_limit, methods=["POST"])
def login_page():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user, reason = accounts().authenticate(form.email.data, form.password.data)
        if user is not None:
            login(user)
            current_app.logger.info("login ok", extra={"user": user.id})
            return redirect(safe_next(request.args.get("next")))
        current_app.logger.warning("login refused: %s", reason)
        error = translate(LOGIN_REFUSED.get(reason, WRONG_LOGIN))
    status = 200 if error is None else 401
    oidc = bool(current_app.extensions.get("gateway_oidc"))
    return render_template("gateway/login.html", form=form, error=error, oidc=oidc,
                           next=request.args.get("next", "")), status


@bp.post("/abmelden")
def logout_page():
    form = ConfirmForm()
    if form.validate_on_submit():
        logout()
        flash(translate("Sie sind abgemeldet."), "success")
    return redirect("/anmelden")


@bp.get("/abmelden")
def logout_confirm():
    return render_template("gateway/logout.html", form=ConfirmForm(), user=current_user())


@bp.route("/konto/passwort", methods=["GET", "POST"])
@login_required
@rate_limited(LOGIN_LIMIT, methods=["POST"])
def change_password():
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        user = current_user()
        checked, _ = accounts().authenticate(user.email, form.current.data)
        if checked is None:
            form.current.errors = list(form.current.errors) + [translate("Das bisherige Passwort ist falsch.")]
        else:
            try:
                accounts().set_password(user.id, form.new.data, actor=user.email)
            except AccountError as exc:
                form.new.errors = list(form.new.errors) + [translate_message(exc)]
            else:
                login(user)  # every session of the account ended; this browser goes on with a fresh one
                flash(translate("Ihr Passwort ist geändert. Andere Anmeldungen mit diesem Konto sind beendet."),
                      "success")
                return redirect("/intern/")
    if form.errors:
        status = 422
    return render_template("gateway/password.html", form=form), status
