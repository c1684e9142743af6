"""Issue #19: the gateway forwards only normal paths. Every traversal spelling against every service prefix is
refused with 400 problem+json before anything is forwarded (the fake upstream records every request it gets),
and each real service refuses the same paths on its own. gunicorn-served: test_path_traversal_gunicorn.py."""

import importlib

import pytest

from servicekit.config import SERVICES

from .traversal_spellings import ROOT_PATHS, spellings


def _assert_refused(response, path: str, english: bool = False) -> None:
    assert response.status_code == 400, (path, response.status_code, response.data[:200])
    assert response.mimetype == "application/problem+json", path
    body = response.get_json()
    assert body["status"] == 400
    if english:
        assert body["title"] == "Bad request" and "not allowed" in body["detail"], path
    else:
        assert body["title"] == "Ungültige Anfrage" and "unzulässige Pfadbestandteile" in body["detail"], path


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("kind", ["api", "intern"])
def test_every_traversal_spelling_is_refused_by_the_gateway_before_forwarding(fake, make_gateway, service, kind):
    client = make_gateway(fake.url).test_client()
    for path in spellings(f"/{kind}/{service}/"):
        for method in ("GET", "POST"):
            _assert_refused(client.open(path, method=method), path)
    assert fake.requests == [], [r["path"] for r in fake.requests][:5]


def test_the_refusal_is_english_when_the_request_prefers_english(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    path = "/api/programmes/%2e%2e/%2e%2e/metrics"
    _assert_refused(client.get(path, headers={"Accept-Language": "en-GB,en;q=0.9"}), path, english=True)


def test_a_path_cannot_leave_its_service_or_spell_the_service_with_escapes(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    for path in ("/api/newsletter/%2e%2e/finance/echo", "/api/newsletter/..%2ffinance%2fecho",
                 "/intern/programmes/%2e%2e/%2e%2e/api/finance/echo", "/api/%70rogrammes/echo"):
        _assert_refused(client.get(path), path)
    assert fake.requests == []


def test_normal_paths_are_forwarded_unchanged_and_an_encoded_question_mark_stays_in_the_path(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    body = client.get("/api/programmes/echo?q=..%2f..%2fmetrics&x=%C3%BC").get_json()
    assert body["service"] == "programmes" and body["args"] == {"q": "../../metrics", "x": "ü"}
    # today an encoded "?" was decoded and became the start of a query string the caller never sent
    smuggled = client.get("/api/programmes/echo%3Fadmin=1")
    assert smuggled.status_code == 404 and fake.requests[-1]["args"] == {}
    assert client.get("/api/programmes/public/programmes").status_code == 200
    assert not {r["path"] for r in fake.requests} & ROOT_PATHS


def test_the_gateway_never_routes_a_services_own_metrics(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    for svc in SERVICES:
        client.get(f"/api/{svc}/metrics")
        client.get(f"/intern/{svc}/readyz")
    paths = {r["path"] for r in fake.requests}
    assert not paths & ROOT_PATHS
    assert all(p.startswith(("/api/", "/intern/")) for p in paths)


@pytest.fixture(scope="module")
def service_specs():
    return {svc: importlib.import_module(f"{svc}.bootstrap").SPEC for svc in SERVICES}


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_refuses_the_same_spellings_itself(make_client, service_specs, service, auth_header):
    client, _ = make_client(service_specs[service])
    admin = auth_header("admin")
    for kind in ("api", "intern"):
        for path in spellings(f"/{kind}/{service}/"):
            _assert_refused(client.get(path, headers=admin), path)
    for path in ("/%2e%2e/metrics", "/%2e/readyz", "/docs%00", "/openapi.json%2f"):
        _assert_refused(client.get(path), path)
    assert client.get("/healthz").status_code == 200  # the normal root endpoints stay where they are
