"""The gateway's app factory: proxy, login and roles, token issuing, public site, health and docs."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from flask import Blueprint, Flask, g

import servicekit.web
from gateway.adapters.accounts import Accounts
from gateway.auth.session import SESSION_COOKIE, TokenCache
from gateway.bootstrap import SPEC
from gateway.cache import make_cache
from gateway.extensions import apply_rate_limits, csrf, make_limiter
from gateway.limits import limit_config
from gateway.proxy.client import Upstreams
from gateway.security import install_security_headers
from servicekit.auth.tokens import TokenIssuer, generate_keypair
from servicekit.config import ConfigError, Settings
from servicekit.runtime import Runtime
from servicekit.web.middleware import install_middleware
from servicekit.web.problems import register_problem_handlers

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent


def load_issuer(settings: Settings) -> TokenIssuer:
    private = Path(settings.jwt_private_key_file)
    if not private.exists():
        if settings.production:
            raise ConfigError(f"Signaturschlüssel fehlt: {private}")
        generate_keypair(private, Path(settings.jwt_public_key_file or str(private) + ".pub"))
    return TokenIssuer(private.read_bytes(), settings.jwt_issuer, settings.jwt_audience, settings.token_ttl_seconds)


HTML_PROBLEM_PATHS = ("/intern/", "/verwaltung/", "/konto/")


def install_html_errors(app: Flask) -> None:
    """Browsers get HTML error pages (German, or English when chosen) outside /api/; machines keep problem+json.

    Problems on the staff pages (/intern/, /verwaltung/, /konto/) are rendered here with the gateway's own
    translation table, not by servicekit's problem handler (that one expects Flask-Babel, which the gateway does
    not use)."""
    from flask import redirect, render_template, request
    from werkzeug.exceptions import HTTPException

    from gateway.public_site.i18n import lang, translate_message
    from servicekit.web.problems import DETAILS_DE, DETAILS_EN, TITLES, Problem, http_exception_to_problem, problem

    texts = {404: ("Seite nicht gefunden", "Diese Seite gibt es nicht (mehr)."),
             405: ("Nicht erlaubt", "Diese Aktion ist hier nicht möglich."),
             429: ("Zu viele Anfragen", "Bitte warten Sie einen Moment und versuchen Sie es dann erneut.")}

    def prefers_html() -> bool:
        return request.accept_mimetypes.accept_html and request.accept_mimetypes["text/html"] >= \
            request.accept_mimetypes["application/json"]

    def staff_html() -> bool:
        """As servicekit decides for the department UIs: any browser-like Accept on a staff path."""
        return request.path.startswith(HTML_PROBLEM_PATHS) and bool(request.accept_mimetypes.accept_html)

    def problem_page(status: int, detail=None):
        if status == 401:
            return redirect("/anmelden?next=" + request.full_path.rstrip("?"))
        de, en = TITLES.get(status, ("Fehler", "Error"))
        english = lang() == "en"
        if detail:
            detail = translate_message(detail)
        else:
            detail = (DETAILS_EN if english else DETAILS_DE).get(status, en if english else de)
        return render_template("gateway/error.html", title=en if english else de, detail=detail), status

    def handler(exc: HTTPException):
        if exc.code in texts and not request.path.startswith("/api/") and prefers_html():
            title, detail = texts[exc.code]
            return render_template("gateway/error.html", title=title, detail=detail), exc.code
        if exc.code and staff_html():
            return problem_page(exc.code)
        return http_exception_to_problem(exc)

    app.register_error_handler(HTTPException, handler)
    for code in texts:
        app.register_error_handler(code, handler)

    @app.errorhandler(Problem)
    def _problem(exc: Problem):
        if staff_html():
            return problem_page(exc.status, exc.detail)
        return problem(exc.status, exc.detail, errors=exc.errors, type_=exc.type_, **exc.extra)

    def unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return handler(exc)
        log.exception("unhandled error on %s %s", request.method, request.path)
        if request.path.startswith("/api/") or not prefers_html():
            return problem(500)
        return render_template("gateway/error.html", title="Interner Fehler",
                               detail="Es ist ein unerwarteter Fehler aufgetreten. Er wurde protokolliert."), 500

    app.register_error_handler(Exception, unexpected)


KIT_STATIC = Path(servicekit.web.__file__).resolve().parent / "static"


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    runtime = runtime or Runtime(SPEC, settings)
    settings = runtime.settings
    app = Flask("gateway", template_folder=str(HERE / "public_site" / "templates"),
                static_folder=str(HERE / "public_site" / "static"), static_url_path="/static")
    # The shared base stylesheet comes from servicekit (the same file the department UIs use); the public
    # site's own stylesheet only adds what is specific to it.
    app.register_blueprint(Blueprint("kit", "servicekit.web", static_folder=str(KIT_STATIC),
                                     static_url_path="/static/kit"))
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.production,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=10),
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=settings.production,
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        RATELIMIT_STORAGE_URI=settings.redis_url or "memory://",
        # a Redis restart (one replica, deploy/k8s/components/redis) must not turn limited pages into 500s:
        # count per process meanwhile, and never wait on a dead Redis for long
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=bool(settings.redis_url),
        RATELIMIT_STORAGE_OPTIONS={"socket_timeout": 0.5, "socket_connect_timeout": 0.5} if settings.redis_url else {},
        RATELIMIT_HEADERS_ENABLED=True,
        RATELIMIT_KEY_PREFIX=settings.get("CACHE_PREFIX", "aktiv:gw:") + "limits",
        SEND_FILE_MAX_AGE_DEFAULT=3600,
        GATEWAY_PAGE_TTL=float(settings.get("PAGE_TTL", "30")),
        GATEWAY_DATA_TTL=float(settings.get("DATA_TTL", "30")),
        **limit_config(settings),  # public form/API and unsubscribe limits; a bad value stops the start
    )
    app.extensions["aktiv"] = runtime
    app.extensions["gateway_settings"] = settings
    app.extensions["gateway_accounts"] = Accounts(runtime.engine)
    issuer = load_issuer(settings)
    app.extensions["gateway_issuer"] = issuer
    app.extensions["gateway_tokens"] = TokenCache(issuer)
    app.extensions["gateway_upstreams"] = Upstreams(dict(settings.upstreams), settings)
    app.extensions["gateway_cache"] = make_cache(settings.redis_url, settings.get("CACHE_PREFIX", "aktiv:gw:"))

    hops = int(settings.get("TRUSTED_PROXIES", "0") or 0)
    if hops:  # behind an ingress: client address and scheme from X-Forwarded-* (rate limits, Secure cookies)
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    install_middleware(app, "gateway")
    register_problem_handlers(app)
    install_security_headers(app, settings.production)
    limiter = make_limiter(app)  # before CSRF: a flood is refused with 429 before anything else is checked
    csrf.init_app(app)

    from gateway import health
    from gateway.auth import admin, labels, oidc, views
    from gateway.proxy import views as proxy_views
    from gateway.public_site import install_public_site

    app.register_blueprint(health.bp)
    app.register_blueprint(views.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(proxy_views.bp)
    csrf.exempt(proxy_views.bp)  # the services check CSRF on their own forms; the API uses bearer tokens
    oidc.install(app, settings)
    install_public_site(app, settings)
    labels.install(app)
    apply_rate_limits(app, limiter)

    from gateway.public_site.fastpath import PublicPageFastPath
    from gateway.security import security_headers

    app.wsgi_app = PublicPageFastPath(app.wsgi_app, app.extensions["gateway_cache"],
                                      security_headers(settings.production), app.config["GATEWAY_PAGE_TTL"])

    @app.before_request
    def _missing():
        g.setdefault("missing", set())

    @app.context_processor
    def _me():
        from gateway.auth.session import current_user

        return {"me": current_user()}

    install_html_errors(app)

    return app
