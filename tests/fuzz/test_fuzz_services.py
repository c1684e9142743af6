"""Schemathesis against every service's own OpenAPI, in process through the service's Flask app on a fresh
SQLite database: once with a valid token per role (admin reaches every operation; every other role the
operations its ``x-roles`` allow) and once with no token at all."""

from __future__ import annotations

import pytest

from servicekit.auth.principal import ROLES
from servicekit.cli import load_spec
from servicekit.config import SERVICES

from .support import Fuzzer, examples, load_schema, mistyped_numeric_keywords

ADMIN_EXAMPLES = examples(8)
ROLE_EXAMPLES = examples(2)
ANONYMOUS_EXAMPLES = examples(2)


def _schema(make_client, service: str):
    client, _ = make_client(load_spec(service), csrf=False)
    _, schema = load_schema(client.application, client)
    return client.application, schema


@pytest.mark.parametrize("service", SERVICES)
def test_openapi_numeric_bounds_are_numbers(make_client, service):
    client, _ = make_client(load_spec(service), csrf=False)
    wrong = mistyped_numeric_keywords(client.get("/openapi.json").get_json())
    assert not wrong, f"{service}: OpenAPI keywords that must be numbers hold strings:\n" + "\n".join(wrong)


def _allows(role: str):
    def select(operation) -> bool:
        if "/public/" in operation.path:
            return True
        roles = operation.definition.raw.get("x-roles")
        return roles is not None and (not roles or role in roles)

    return select


@pytest.mark.parametrize("service", SERVICES)
def test_fuzzing_as_admin_finds_no_server_error_no_schema_violation_and_only_problem_json(
        make_client, auth_header, service):
    app, schema = _schema(make_client, service)
    fuzzer = Fuzzer(lambda case: case.call_wsgi(app))
    fuzzer.run(schema, headers=auth_header("admin", user="fuzz-admin"), max_examples=ADMIN_EXAMPLES)
    print(f"[fuzz] {service} in process as admin: {fuzzer.count} requests")
    assert fuzzer.count > 0
    assert not fuzzer.groups, fuzzer.report(f"{service} as admin")


@pytest.mark.parametrize("service", SERVICES)
def test_fuzzing_with_each_role_finds_no_server_error_no_schema_violation(make_client, auth_header, service):
    app, schema = _schema(make_client, service)
    fuzzer = Fuzzer(lambda case: case.call_wsgi(app))
    for role in ROLES:
        if role != "admin":
            fuzzer.run(schema, headers=auth_header(role, user=f"fuzz-{role}"), max_examples=ROLE_EXAMPLES,
                       select=_allows(role), label=role)
    print(f"[fuzz] {service} in process per role: {fuzzer.count} requests")
    assert fuzzer.count > 0
    assert not fuzzer.groups, fuzzer.report(f"{service} per role")


def _refused_path(response) -> bool:
    """The path guard's 400 (dot segments, encoded slashes, control characters in a path parameter)."""
    from servicekit.web.middleware import REFUSED

    if response.status_code != 400:
        return False
    try:
        return response.json.get("detail") in REFUSED.values()
    except (TypeError, ValueError, AttributeError):
        return False


@pytest.mark.parametrize("service", SERVICES)
def test_fuzzing_without_token_gets_401_problem_json_or_public_answers(make_client, service):
    app, schema = _schema(make_client, service)
    statuses: dict[str, set[int]] = {}

    def call(case):
        response = case.call_wsgi(app)
        if not _refused_path(response):  # a path the kit's guard refuses never reaches authentication
            statuses.setdefault(case.operation.path, set()).add(response.status_code)
        return response

    fuzzer = Fuzzer(call)
    fuzzer.run(schema, headers=None, max_examples=ANONYMOUS_EXAMPLES)
    print(f"[fuzz] {service} in process without token: {fuzzer.count} requests")
    assert not fuzzer.groups, fuzzer.report(f"{service} without token")
    protected_open = {path: codes for path, codes in statuses.items()
                      if "/public/" not in path and codes - {401, 404, 405}}
    assert not protected_open, f"{service}: protected operations answered without a token: {protected_open}"
