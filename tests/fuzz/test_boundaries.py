"""Explicit boundary values the random fuzzer only finds by luck: huge page numbers on every paginated list
(flask-smorest ``@blp.paginate`` turns them into an SQL OFFSET) must not be server errors."""

from __future__ import annotations

import pytest

from servicekit.cli import load_spec
from servicekit.config import SERVICES

HUGE = 10**20


def _paginated_gets(document):
    for path, item in document["paths"].items():
        get = item.get("get")
        if get and "{" not in path and any(p.get("name") == "page" for p in get.get("parameters", [])):
            yield path, get


@pytest.mark.parametrize("service", SERVICES)
def test_huge_page_numbers_are_answered_without_server_error(make_client, auth_header, service):
    client, _ = make_client(load_spec(service), csrf=False)
    document = client.get("/openapi.json").get_json()
    headers = {**auth_header("admin", user="boundary"), "Accept": "application/json"}
    wrong = []
    for path, _ in _paginated_gets(document):
        for page in (HUGE, 2**63):
            response = client.get(path, query_string={"page": page}, headers=headers)
            if response.status_code >= 500 or (response.status_code >= 400 and
                                               response.mimetype != "application/problem+json"):
                wrong.append(f"GET {path}?page={page} → {response.status_code} {response.get_data(as_text=True)[:160]}")
    assert not wrong, f"{service}: " + "\n".join(wrong)
