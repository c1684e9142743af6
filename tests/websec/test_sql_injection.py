"""SQL injection strings in every filter and search parameter (the string query parameters of every list in
each service's OpenAPI, and the gateway's public search) do no harm: no server error, no row changed, no
table dropped, and the answer is what a literal search for that text gives (nothing in the demo data
contains these strings, so: an empty list or a 4xx problem+json)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select

from servicekit.cli import load_spec
from servicekit.config import SERVICES

PAYLOADS = ["' OR '1'='1", "1' OR 1=1--", '" OR ""="', "'; DROP TABLE audit_log;--",
            "x' UNION SELECT name, sql, 1, 1 FROM sqlite_master--", "1) OR (1=1", "\\'; SELECT pg_sleep(3);--"]
LIKE_WILDCARDS = ["%", "_"]
SKIP_PARAMS = {"page", "page_size"}


def _state(runtime) -> tuple[dict[str, int], list[str]]:
    with runtime.engine.connect() as conn:
        counts = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                  for t in runtime.spec.metadata.sorted_tables}
    return counts, sorted(inspect(runtime.engine).get_table_names())


def _string_filters(document):
    for path, item in document["paths"].items():
        get = item.get("get")
        if not get or "{" in path:
            continue
        for param in get.get("parameters", []):
            schema = param.get("schema", {})
            if param.get("in") == "query" and param["name"] not in SKIP_PARAMS and schema.get("type") == "string" \
                    and "enum" not in schema and "format" not in schema:
                yield path, param["name"]


def _items(body):
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        for key in ("items", "results", "data"):
            if isinstance(body.get(key), list):
                return body[key]
    return None


@pytest.mark.parametrize("service", SERVICES)
def test_injection_strings_in_filters_do_no_harm(make_client, auth_header, service):
    spec = load_spec(service)
    client, runtime = make_client(spec, csrf=False)
    if spec.seed is not None:
        spec.seed(runtime)
    headers = {**auth_header("admin", user="sqli"), "Accept": "application/json"}
    filters = list(_string_filters(client.get("/openapi.json").get_json()))
    assert filters, f"{service}: no string filter parameter documented"
    before = _state(runtime)
    harm, widened, wildcards = [], [], []
    for path, name in filters:
        for payload in PAYLOADS + LIKE_WILDCARDS:
            response = client.get(path, query_string={name: payload}, headers=headers)
            where = f"GET {path}?{name}={payload!r} → {response.status_code}"
            if response.status_code >= 500:
                harm.append(f"{where} {response.get_data(as_text=True)[:200]}")
                continue
            if response.status_code >= 400:
                if response.mimetype != "application/problem+json":
                    harm.append(f"{where} not problem+json")
                continue
            items = _items(response.get_json(silent=True))
            if items:
                (wildcards if payload in LIKE_WILDCARDS else widened).append(f"{where} with {len(items)} items")
    after = _state(runtime)
    assert after == before, f"{service}: data or tables changed by GET requests with injection strings"
    assert not harm, f"{service}:\n" + "\n".join(harm)
    assert not widened, f"{service}: an injection string matched records:\n" + "\n".join(widened)
    assert not wildcards, f"{service}: a search for a literal % or _ matched records (LIKE wildcards not " \
                          "escaped):\n" + "\n".join(wildcards)


@pytest.mark.parametrize("path", ["/suche", "/projekte", "/programme", "/veranstaltungen", "/engagement",
                                  "/newsletter/archiv"])
def test_public_search_with_injection_strings_answers_normally(platform, path):
    client = platform.gateway.test_client()
    for payload in PAYLOADS:
        response = client.get(path, query_string={"q": payload}, headers={"Accept": "text/html"})
        assert response.status_code == 200, f"{path}?q={payload!r} → {response.status_code}"
        assert "Interner Fehler" not in response.get_data(as_text=True)
