"""Public pages: home, programmes, projects, fields of action, districts, search, imprint, privacy, language."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, render_template, request

from gateway.public_site.caching import cached_page
from gateway.public_site.data import fetch, reference, segments

bp = Blueprint("public", __name__)


def _not_found(result):
    if result.ok and result.status == 404:
        abort(404)


@bp.get("/")
@cached_page
def home():
    programmes = fetch("programmes", "programmes", {"status": "running"})
    projects = fetch("programmes", "projects")
    events = fetch("participation", "events")
    opportunities = fetch("participation", "opportunities")
    news = fetch("newsletter", "news")
    return render_template("public/home.html", programmes=programmes, projects=projects, events=events,
                           opportunities=opportunities, news=news)


@bp.get("/programme")
@cached_page
def programmes():
    fields, districts = reference()
    result = fetch("programmes", "programmes", {"q": request.args.get("q"), "field": request.args.get("field"),
                                                "district": request.args.get("district")})
    return render_template("public/programmes.html", programmes=result, fields=fields, districts=districts)


@bp.get("/programme/<programme_id>")
@cached_page
def programme(programme_id: str):
    result = fetch("programmes", segments("programmes", programme_id))
    _not_found(result)
    return render_template("public/programme.html", p=result.data if result.found else None, result=result)


@bp.get("/projekte")
@cached_page
def projects():
    fields, districts = reference()
    result = fetch("programmes", "projects", {"q": request.args.get("q"), "field": request.args.get("field"),
                                              "district": request.args.get("district")})
    return render_template("public/projects.html", projects=result, fields=fields, districts=districts)


@bp.get("/projekte/<project_id>")
@cached_page
def project(project_id: str):
    result = fetch("programmes", segments("projects", project_id))
    _not_found(result)
    return render_template("public/project.html", p=result.data if result.found else None, result=result)


@bp.get("/handlungsfelder")
@cached_page
def fields_of_action():
    result = fetch("programmes", "fields-of-action", ttl=300)
    return render_template("public/topics.html", kind="field", items=result, title="Handlungsfelder",
                           base="/handlungsfelder")


@bp.get("/stadtteile")
@cached_page
def districts():
    result = fetch("programmes", "districts", ttl=300)
    return render_template("public/topics.html", kind="district", items=result, title="Stadtteile",
                           base="/stadtteile")


def _topic_page(kind: str, code: str):
    fields, districts = reference()
    names = fields if kind == "field" else districts
    params = {kind: code}
    programmes = fetch("programmes", "programmes", params)
    projects = fetch("programmes", "projects", params)
    events = fetch("participation", "events", params)
    opportunities = fetch("participation", "opportunities", params)
    if names and code not in names:
        abort(404)
    return render_template("public/topic.html", kind=kind, code=code, name=names.get(code, code),
                           programmes=programmes, projects=projects, events=events, opportunities=opportunities)


@bp.get("/handlungsfelder/<code>")
@cached_page
def field_of_action(code: str):
    return _topic_page("field", code)


@bp.get("/stadtteile/<code>")
@cached_page
def district(code: str):
    return _topic_page("district", code)


@bp.get("/suche")
@cached_page
def search():
    q = (request.args.get("q") or "").strip()[:200]
    results = {}
    if q:
        results = {
            "programmes": fetch("programmes", "programmes", {"q": q}),
            "projects": fetch("programmes", "projects", {"q": q}),
            "events": fetch("participation", "events", {"q": q}),
            "news": fetch("newsletter", "news", {"q": q}),
        }
    return render_template("public/search.html", q=q, results=results)


@bp.get("/impressum")
@cached_page
def imprint():
    return render_template("public/imprint.html", legal=current_app.extensions["gateway_legal"])


@bp.get("/datenschutz")
@cached_page
def privacy():
    return render_template("public/privacy.html", legal=current_app.extensions["gateway_legal"])


@bp.get("/sprache/<code>")
def switch_language(code: str):
    if code not in ("de", "en"):
        abort(404)
    target = request.args.get("next") or "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = redirect(target)
    response.set_cookie("aktiv_lang", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                        secure=current_app.extensions["gateway_settings"].production)
    return response
