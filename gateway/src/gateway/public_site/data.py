"""The public site's view of the services: JSON from their public API through the pooled client, with a
short shared cache. A failing service yields an empty, not-ok Result and the page shows a notice."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from flask import current_app, g

from gateway.proxy.client import UpstreamError

DATA_TTL = 30.0
STALE_TTL = 24 * 3600.0  # last good answer, served when the service fails (stale-if-error)


@dataclass
class Result:
    data: object = None
    ok: bool = True
    service: str = ""
    status: int = 200
    total: int | None = None
    items: list = field(default_factory=list)
    stale: bool = False

    def __iter__(self):
        return iter(self.items)

    def __bool__(self) -> bool:
        return bool(self.items) if self.data is None or isinstance(self.data, list) else True

    @property
    def found(self) -> bool:
        return self.ok and self.status == 200


def segments(*parts) -> str:
    """A path below ``/api/<service>/public/`` from fixed words and values out of a URL or a record, each value
    percent-encoded whole (``quote(…, safe="")``): an id such as ``x?preview=1``, ``a/b`` or ``..`` stays one
    segment and can never add a query, a segment or a step up."""
    return "/".join(_segment(str(part)) for part in parts)


def _segment(part: str) -> str:
    if part in (".", ".."):  # unreserved characters, which quote() leaves: a step that no server may take
        return part.replace(".", "%2E")
    return quote(part, safe="")


def fetch(service: str, path: str, params: dict | None = None, *, ttl: float | None = None) -> Result:
    params = {k: v for k, v in (params or {}).items() if v not in (None, "")}
    url = f"/api/{service}/public/{path}" + ("?" + urlencode(params) if params else "")
    cache = current_app.extensions["gateway_cache"]
    ceiling = current_app.config.get("GATEWAY_DATA_TTL", DATA_TTL)
    ttl = min(ttl, ceiling * 10) if ttl is not None else ceiling  # reference data lives longer
    hit = cache.get("data:" + url)
    if hit is not None:
        return _result(service, hit["status"], hit["body"], hit.get("total"))
    try:
        response = current_app.extensions["gateway_upstreams"].request(
            service, "GET", url, kind="public", headers={"Accept": "application/json",
                                                         "X-Request-ID": g.get("request_id", "")})
    except UpstreamError:
        return _stale_or_missing(cache, url, service)
    if response.status_code >= 500:
        return _stale_or_missing(cache, url, service)
    try:
        body = response.json()
    except ValueError:
        return _stale_or_missing(cache, url, service)
    total = None
    if response.headers.get("X-Pagination"):
        try:
            import json

            total = json.loads(response.headers["X-Pagination"]).get("total")
        except ValueError:
            total = None
    if response.status_code in (200, 404):
        entry = {"status": response.status_code, "body": body, "total": total}
        cache.set("data:" + url, entry, ttl)
        cache.set("stale:" + url, entry, STALE_TTL)
    return _result(service, response.status_code, body, total)


def _stale_or_missing(cache, url: str, service: str) -> Result:
    stale = cache.get("stale:" + url)
    if stale is None:
        return _missing(service)
    g.setdefault("stale", set()).add(service)  # the page is shown, but not cached as fresh
    result = _result(service, stale["status"], stale["body"], stale.get("total"))
    result.stale = True
    return result


def _missing(service: str) -> Result:
    g.setdefault("missing", set()).add(service)
    return Result(ok=False, service=service, status=503)


def _result(service: str, status: int, body, total) -> Result:
    if status != 200:
        return Result(data=body, service=service, status=status)
    items = body if isinstance(body, list) else []
    return Result(data=body, service=service, status=status, items=items, total=total)


def post(service: str, path: str, payload: dict, *, form: bool = False, query: str = ""):
    """→ (status, body) from a public write endpoint; (503, None) if the service is down."""
    url = f"/api/{service}/public/{path}" + (("?" + query) if query else "")
    kwargs = {"data": payload} if form else {"json": payload}
    try:
        response = current_app.extensions["gateway_upstreams"].request(
            service, "POST", url, kind="public", headers={"Accept": "application/json",
                                                          "X-Request-ID": g.get("request_id", "")}, **kwargs)
    except UpstreamError:
        return 503, None
    try:
        body = response.json()
    except ValueError:
        body = None
    return response.status_code, body


def raw(service: str, path: str):
    """Pass-through for files (iCal, RSS) → requests.Response or None."""
    try:
        return current_app.extensions["gateway_upstreams"].request(service, "GET", f"/api/{service}/public/{path}",
                                                                   kind="public")
    except UpstreamError:
        return None


def reference() -> tuple[dict, dict]:
    """Names of fields of action and districts by code (from programmes; codes if it is down)."""
    fields = fetch("programmes", "fields-of-action", ttl=300)
    districts = fetch("programmes", "districts", ttl=300)
    return ({f["code"]: f["name"] for f in fields.items if isinstance(f, dict)},
            {d["code"]: d["name"] for d in districts.items if isinstance(d, dict)})
