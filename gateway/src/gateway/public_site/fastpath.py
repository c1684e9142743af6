"""The hot path of the public site: a fresh cached page is answered straight from the shared cache, in front
of Flask (no routing, session, limiter or template work). Misses and everything else go to the app, which
renders and fills the cache (``caching.cached_page``); the answer is byte-for-byte the same."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs

from werkzeug.http import parse_cookie

from servicekit.metrics import HTTP_REQUESTS

SKIP = ("/api/", "/intern/", "/static/", "/verwaltung/", "/anmelden", "/abmelden", "/metrics", "/healthz",
        "/readyz", "/.well-known/", "/sprache/")


class PublicPageFastPath:
    def __init__(self, wsgi_app, cache, security: dict[str, str], ttl: float) -> None:
        self.wsgi_app = wsgi_app
        self.cache = cache
        self.security = list(security.items())
        self.max_age = f"public, max-age={int(ttl)}"

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        path = environ.get("PATH_INFO", "")
        if method not in ("GET", "HEAD") or path.startswith(SKIP) or "HTTP_AUTHORIZATION" in environ:
            return self.wsgi_app(environ, start_response)
        query = environ.get("QUERY_STRING", "")
        lang = (parse_qs(query).get("lang") or [None])[0] or parse_cookie(environ).get("aktiv_lang")
        lang = lang if lang in ("de", "en") else "de"
        path = path.encode("latin-1").decode("utf-8", "replace")
        hit = self.cache.get(f"page:{lang}:{path}?{query.encode('latin-1').decode('utf-8', 'replace')}")
        if not hit or "etag" not in hit:
            return self.wsgi_app(environ, start_response)
        etag = f'"{hit["etag"]}"'
        headers = [("ETag", etag), ("Cache-Control", self.max_age), ("Vary", "Cookie, Accept-Language"),
                   ("Content-Language", lang), ("X-Request-ID", uuid.uuid4().hex), *self.security]
        if etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            HTTP_REQUESTS.labels("gateway", method, "cached-page", "304").inc()
            start_response("304 NOT MODIFIED", headers)
            return [b""]
        body = hit["body"].encode()
        status = hit["status"]
        HTTP_REQUESTS.labels("gateway", method, "cached-page", str(status)).inc()
        start_response("200 OK" if status == 200 else "404 NOT FOUND",
                       [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))), *headers])
        return [b"" if method == "HEAD" else body]
