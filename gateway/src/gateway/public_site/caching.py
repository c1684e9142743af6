"""Public pages: a short shared cache of the rendered HTML, ETag (304 on If-None-Match) and Cache-Control.
Pages with a missing part are neither stored nor cached by browsers, so the notice disappears quickly."""

from __future__ import annotations

import functools
import hashlib

from flask import Response, current_app, g, make_response, request

from gateway.public_site.i18n import lang

PAGE_TTL = 30


def cached_page(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        cache = current_app.extensions["gateway_cache"]
        ttl = current_app.config.get("GATEWAY_PAGE_TTL", PAGE_TTL)
        key = f"page:{lang()}:{request.full_path}"
        hit = cache.get(key)
        degraded = False
        g.cacheable = True  # the layout leaves out per-user parts (flash messages)
        if hit is None:
            response = make_response(view(*args, **kwargs))
            if response.status_code not in (200, 404) or response.direct_passthrough:
                return response
            body, status = response.get_data(as_text=True), response.status_code
            degraded = bool(g.get("missing") or g.get("stale"))
            if not degraded:
                cache.set(key, {"body": body, "status": status, "etag": _etag(body)}, ttl)
        else:
            body, status = hit["body"], hit["status"]
        response = Response(body, status=status, mimetype="text/html")
        response.headers["Content-Language"] = lang()
        response.vary.update(("Cookie", "Accept-Language"))
        if degraded:
            response.cache_control.no_cache = True
            return response
        response.set_etag(hit["etag"] if hit and "etag" in hit else _etag(body))
        response.cache_control.public = True
        response.cache_control.max_age = int(ttl)
        return response.make_conditional(request)

    return wrapper


def _etag(body: str) -> str:
    return hashlib.sha1(body.encode(), usedforsecurity=False).hexdigest()


def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response
