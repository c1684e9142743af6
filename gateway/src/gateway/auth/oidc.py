"""Optional OpenID Connect login (Keycloak-compatible, authorization code flow with PKCE via Authlib).

Enabled when AKTIV_OIDC_ISSUER, AKTIV_OIDC_CLIENT_ID and AKTIV_OIDC_CLIENT_SECRET are set. The provider
proves who someone is; the roles stay in the gateway's account administration. A person without a local
account is refused (an admin creates the account first; it is linked on first login by e-mail, but only by an
address the provider marks as verified: a missing ``email_verified`` claim counts as not verified).

``/anmelden/oidc?next=/intern/finance/`` keeps the local target in the session across the round trip."""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from gateway.auth.session import accounts, login
from gateway.auth.views import safe_next

bp = Blueprint("oidc", __name__)
UNVERIFIED = ("Ihre E-Mail-Adresse ist beim Identitätsanbieter nicht als bestätigt gekennzeichnet. Über eine "
              "unbestätigte Adresse wird kein Konto verknüpft. Bitte bestätigen Sie die Adresse dort oder wenden "
              "Sie sich an die Administration.")


def install(app, settings) -> None:
    if not (settings.oidc_issuer and settings.oidc_client_id):
        return
    oauth = OAuth(app)
    oauth.register(
        "oidc", client_id=settings.oidc_client_id, client_secret=settings.oidc_client_secret,
        server_metadata_url=settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
    )
    app.extensions["gateway_oidc"] = oauth
    app.register_blueprint(bp)


@bp.get("/anmelden/oidc")
def start():
    client = current_app.extensions["gateway_oidc"].oidc
    if request.args.get("next"):
        session["next"] = safe_next(request.args["next"])  # a local path only: no open redirect after the login
    else:
        session.pop("next", None)
    return client.authorize_redirect(url_for("oidc.callback", _external=True))


@bp.get("/anmelden/oidc/zurueck")
def callback():
    client = current_app.extensions["gateway_oidc"].oidc
    try:
        token = client.authorize_access_token()
    except Exception as exc:  # noqa: BLE001 - provider errors become an error page (German or English)
        current_app.logger.warning("oidc login failed: %s", exc)
        return render_template("gateway/error.html", title="Anmeldung fehlgeschlagen",
                               detail="Die Anmeldung über den Identitätsanbieter ist fehlgeschlagen."), 401
    info = token.get("userinfo") or client.userinfo()
    verified = info.get("email_verified") in (True, "true")  # missing: not verified
    email = info.get("email", "") if verified else ""
    user = accounts().by_oidc(str(info["sub"]), email)
    if user is None and info.get("email") and not verified:
        current_app.logger.warning("oidc login refused: e-mail not verified by the provider")
        return render_template("gateway/error.html", title="E-Mail-Adresse nicht bestätigt",
                               detail=UNVERIFIED), 403
    if user is None or not user.active:
        return render_template("gateway/error.html", title="Kein Konto",
                               detail="Für diese Person gibt es kein aktives Konto. Bitte wenden Sie sich "
                                      "an die Administration."), 403
    next_url = safe_next(session.pop("next", None))
    login(user)
    return redirect(next_url)
