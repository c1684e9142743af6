"""/api/<service>/… and /intern/<service>/… forwarded unchanged to the service, with a signed token. Anonymous
writes to the public API (/api/<svc>/public/…) are rate-limited per client like the forms (gateway.limits).

Only normal paths go out: servicekit's path guard has refused dot segments, encoded slashes, backslashes and
control characters before routing, and ``_target`` forwards the raw request target only when it still starts
with the route's own prefix (so it can never reach a service's /metrics, /readyz, /docs or /openapi.json)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, g, render_template, request

from gateway.adapters.accounts import TOKEN_PREFIX
from gateway.auth.session import SESSION_COOKIE, accounts, current_user, login_required, service_token_for_request
from gateway.extensions import rate_limited
from gateway.limits import authenticated_call, public_write_limit, public_write_scope
from gateway.proxy.client import UpstreamError, Upstreams
from gateway.public_site.i18n import translate
from servicekit.auth.tokens import TokenError, TokenVerifier
from servicekit.web.i18n import Msg
from servicekit.web.middleware import REFUSED, path_refusal, request_target
from servicekit.web.problems import Problem, prefers_german, problem

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade", "host", "content-length"}
RESPONSE_DROP = HOP_BY_HOP | {"set-cookie", "content-encoding", "server", "date"}
UPSTREAM_MESSAGES = {
    502: "Der Dienst „{svc}“ ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut.",
    503: "Der Dienst „{svc}“ ist vorübergehend abgeschaltet, weil er wiederholt nicht geantwortet hat.",
    504: "Der Dienst „{svc}“ hat nicht rechtzeitig geantwortet.",
}

bp = Blueprint("proxy", __name__)


def upstreams() -> Upstreams:
    return current_app.extensions["gateway_upstreams"]


def _forward_headers(kind: str) -> dict[str, str]:
    headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP
               and k.lower() not in {"authorization", "cookie"}}
    headers["X-Request-ID"] = g.request_id
    headers["X-Correlation-ID"] = request.headers.get("X-Correlation-ID") or g.request_id
    headers["X-Forwarded-For"] = ", ".join(filter(None, [request.headers.get("X-Forwarded-For"),
                                                          request.remote_addr]))
    headers["X-Forwarded-Host"] = request.host
    headers["X-Forwarded-Proto"] = request.scheme
    token = service_token_for_request()
    if token:
        headers["Authorization"] = "Bearer " + token
    if kind == "intern" and request.headers.get("Cookie"):
        # The services' own cookies (scoped to /intern/<svc>) go through; the gateway session never does.
        parts = [p.strip() for p in request.headers["Cookie"].split(";")]
        kept = "; ".join(p for p in parts if p and p.split("=", 1)[0].strip() != SESSION_COOKIE)
        if kept:
            headers["Cookie"] = kept
    return headers


SAFE = {"GET", "HEAD", "OPTIONS"}


def _valid_bearer() -> bool:
    """A gateway API token that is active, or a token signed with the gateway's own key; any other
    Authorization header (a bogus bearer, Basic, …) is no reason to trust a cross-site request."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return False
    value = header[7:].strip()
    if value.startswith(TOKEN_PREFIX):
        return accounts().token_principal(value) is not None
    extensions = current_app.extensions
    if "gateway_verifier" not in extensions:
        issuer = extensions["gateway_issuer"]
        extensions["gateway_verifier"] = TokenVerifier(public_pem=issuer.public_pem, issuer=issuer.issuer,
                                                       audience=issuer.audience)
    try:
        extensions["gateway_verifier"].verify(value)
    except TokenError:
        return False
    return True


def _check_origin() -> None:
    """Cookie-authenticated API writes must come from our own pages: a foreign Origin is refused (defence in
    depth beside SameSite=Lax; clients with a valid bearer token are not affected)."""
    if request.method in SAFE or _valid_bearer():
        return
    origin = request.headers.get("Origin")
    if origin and urlsplit(origin).netloc != request.host:
        raise Problem(403, "Anfragen von fremden Seiten sind nicht erlaubt.")


def forward(service: str, kind: str) -> Response:
    if service not in upstreams():
        raise Problem(404, Msg("Einen Dienst „%(svc)s“ gibt es nicht.", svc=service))
    path = _target(service, kind)
    _check_origin()
    try:
        upstream = upstreams().request(service, request.method, path, kind=kind, headers=_forward_headers(kind),
                                       data=request.get_data() if request.method not in ("GET", "HEAD") else None)
    except UpstreamError as exc:
        headers = {"Retry-After": str(int(exc.retry_after))} if exc.retry_after else None
        from gateway.bootstrap import DEPARTMENTS

        department = DEPARTMENTS.get(service, (service,))[0]
        if kind == "intern" and request.accept_mimetypes.accept_html:
            detail = translate(UPSTREAM_MESSAGES[exc.status]).format(svc=translate(department))
            html = render_template("gateway/error.html", title="Dienst nicht verfügbar", detail=detail)
            return Response(html, status=exc.status, mimetype="text/html", headers=headers)
        detail = UPSTREAM_MESSAGES[exc.status].format(svc=department)
        return problem(exc.status, detail, headers=headers, upstream=service)
    if kind == "intern" and upstream.status_code in (401, 403) and \
            upstream.headers.get("Content-Type", "").startswith("application/problem+json"):
        detail = _problem_detail(upstream) or "Ihre Rolle erlaubt diese Aktion nicht."
        title = "Anmeldung erforderlich" if upstream.status_code == 401 else "Keine Berechtigung"
        html = render_template("gateway/error.html", title=title, detail=detail)
        return Response(html, status=upstream.status_code, mimetype="text/html")
    response = Response(upstream.content, status=upstream.status_code)
    for key, value in upstream.headers.items():
        if key.lower() not in RESPONSE_DROP:
            response.headers[key] = value
    for cookie in upstream.raw.headers.getlist("Set-Cookie"):
        response.headers.add("Set-Cookie", cookie)
    return response


def _target(service: str, kind: str) -> str:
    """The path and query to forward: the raw request target, which must be normal and stay below
    /<kind>/<service>/ (a service name spelled with escapes, e.g. /api/%70rogrammes/, is refused too)."""
    target = request_target(request.environ)
    if not target.split("?", 1)[0].startswith(f"/{kind}/{service}/") or path_refusal(request.environ):
        raise Problem(400, REFUSED["de" if prefers_german() else "en"])
    return target


def _problem_detail(upstream) -> str:
    try:
        return str(upstream.json().get("detail", ""))
    except ValueError:
        return ""


METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


@bp.route("/api/<service>/<path:rest>", methods=METHODS)
@rate_limited(public_write_limit, scope=public_write_scope, exempt_when=authenticated_call)
def api(service: str, rest: str):
    return forward(service, "api")


@bp.route("/intern/<service>/", methods=METHODS, defaults={"rest": ""})
@bp.route("/intern/<service>/<path:rest>", methods=METHODS)
@login_required
def intern(service: str, rest: str):
    return forward(service, "intern")


@bp.get("/intern/")
@login_required
def landing():
    from gateway.bootstrap import DEPARTMENTS

    user = current_user()
    allowed = [(svc, title) for svc, (title, roles) in DEPARTMENTS.items()
               if "admin" in user.roles or set(roles) & set(user.roles)]
    return render_template("gateway/landing.html", user=user, departments=allowed)
