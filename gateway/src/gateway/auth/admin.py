"""Account administration (admin only): users with department roles, and API tokens for machine clients."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template

from gateway.adapters.accounts import AccountError
from gateway.auth.forms import ConfirmForm, TokenForm, UserEditForm, UserForm
from gateway.auth.session import accounts, admin_required, current_user, login
from gateway.public_site.i18n import translate, translate_message

bp = Blueprint("admin", __name__, url_prefix="/verwaltung")


@bp.get("/konten/")
@admin_required
def users():
    return render_template("gateway/admin_users.html", users=accounts().list(), form=UserForm())


@bp.post("/konten/")
@admin_required
def create_user():
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = accounts().create(form.email.data, form.name.data, form.roles.data or [],
                                     form.password.data or None, actor=current_user().email)
        except AccountError as exc:
            form.email.errors.append(translate_message(exc))
        else:
            flash(translate_message("Konto für %(email)s angelegt.", email=user.email), "success")
            return redirect(f"/verwaltung/konten/{user.id}")
    return render_template("gateway/admin_users.html", users=accounts().list(), form=form), 422


@bp.route("/konten/<user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: str):
    user = accounts().get(user_id)
    if user is None:
        abort(404)
    form = UserEditForm(data={"name": user.name, "roles": list(user.roles), "active": user.active})
    status = 200
    if form.validate_on_submit():
        if user.id == current_user().id and ("admin" not in (form.roles.data or []) or not form.active.data):
            form.roles.errors = list(form.roles.errors) + [
                translate("Sie können sich nicht selbst die Administration entziehen oder sich deaktivieren.")]
            status = 422
        else:
            try:
                me = current_user().email
                accounts().update(user.id, name=form.name.data, roles=form.roles.data or [], active=form.active.data,
                                  actor=me)
                if form.password.data:
                    accounts().set_password(user.id, form.password.data, actor=me)  # ends the user's sessions
                    if user.id == current_user().id:
                        login(current_user())
                if form.unlock.data:
                    accounts().unlock(user.id, actor=me)
            except AccountError as exc:
                form.password.errors = list(form.password.errors) + [translate_message(exc)]
                status = 422
            else:
                flash(translate("Änderungen gespeichert."), "success")
                return redirect(f"/verwaltung/konten/{user.id}")
    elif form.is_submitted():
        status = 422
    return render_template("gateway/admin_user.html", user=user, form=form, history=accounts().history(user.id),
                           names={u.email: u.name for u in accounts().list()}), status


@bp.get("/tokens/")
@admin_required
def tokens():
    return render_template("gateway/admin_tokens.html", tokens=accounts().tokens(), form=TokenForm(),
                           revoke=ConfirmForm(), created=None)


@bp.post("/tokens/")
@admin_required
def create_token():
    form = TokenForm()
    created = None
    status = 422
    if form.validate_on_submit():
        try:
            _, created = accounts().create_token(form.name.data, form.roles.data or [], current_user().email,
                                                 form.days.data)
            status = 201
        except AccountError as exc:
            form.name.errors = list(form.name.errors) + [translate_message(exc)]
    return render_template("gateway/admin_tokens.html", tokens=accounts().tokens(), form=form,
                           revoke=ConfirmForm(), created=created), status


@bp.post("/tokens/<token_id>/widerrufen")
@admin_required
def revoke_token(token_id: str):
    if ConfirmForm().validate_on_submit():
        accounts().revoke_token(token_id, actor=current_user().email)
        flash(translate("Token widerrufen. Es gilt ab sofort nicht mehr."), "success")
    return redirect("/verwaltung/tokens/")
