"""The app factory every service uses: flask-smorest Api (OpenAPI 3 at /openapi.json, docs at /docs),
problem+json errors, request ids, metrics, health, auth, CSRF and the shared German UI layout."""

from __future__ import annotations

import marshmallow as ma
from flask import Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from servicekit.auth.tokens import TokenVerifier
from servicekit.runtime import Runtime, ServiceSpec
from servicekit.web.health import health_blueprint
from servicekit.web.middleware import install_middleware
from servicekit.web.problems import register_problem_handlers
from servicekit.web.ui import install_ui


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details as ``servicekit.web.problems.problem`` writes them (extra members allowed)."""

    class Meta:
        unknown = ma.INCLUDE

    type = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String()
    instance = ma.fields.String()
    errors = ma.fields.Dict()


class ProblemApi(Api):
    """flask-smorest Api whose error handler answers problem+json, and whose OpenAPI says so."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):  # flask-smorest hook; ours are registered by the factory
        return None

    def _register_responses(self):
        """flask-smorest documents errors as application/json with its own shape; ours are problem+json."""
        import http

        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, "application/problem+json")
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Fehler (RFC 9457 problem+json)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, "application/problem+json")
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def create_service_app(spec: ServiceSpec, settings=None, runtime: Runtime | None = None) -> Flask:
    runtime = runtime or Runtime(spec, settings)
    settings = runtime.settings
    app = Flask(spec.name, template_folder=str(spec.template_folder) if spec.template_folder else None)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        API_TITLE=spec.title,
        API_VERSION="1.0",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist/",
        SESSION_COOKIE_NAME=f"aktiv_{spec.name}",
        SESSION_COOKIE_PATH=f"/intern/{spec.name}",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.production,
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        JSON_SORT_KEYS=False,
        API_SPEC_OPTIONS={
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                                              "bearerFormat": "JWT"}}},
            "info": {"description": f"{spec.title}: API des Dienstes {spec.name}"},
        },
    )
    app.extensions["aktiv"] = runtime
    app.extensions["aktiv_verifier"] = TokenVerifier.from_settings(settings)
    install_middleware(app, spec.name)
    register_problem_handlers(app, spec.error_map)
    api = ProblemApi(app)
    app.extensions["aktiv_api"] = api
    for blp in spec.api_blueprints():
        api.register_blueprint(blp)
    app.register_blueprint(health_blueprint(runtime))
    install_ui(app, spec)
    return app


def runtime_of(app=None) -> Runtime:
    from flask import current_app

    return (app or current_app).extensions["aktiv"]
