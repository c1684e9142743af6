"""Schemathesis against every service's OpenAPI, sent through the gateway (``/api/<svc>/…`` proxied over
HTTP to the real service apps): with a valid token per role and with no token. The tokens are the gateway's
own API tokens (created in its account store, exchanged by the gateway for a signed service token on every
request), as a machine client would use them. The gateway must add nothing wrong: no 5xx (502/503/504
included), answers still match the service's schema, every 4xx problem+json."""

from __future__ import annotations

import pytest

from servicekit.auth.principal import ROLES
from servicekit.config import SERVICES

from .support import Fuzzer, examples, load_schema
from .test_fuzz_services import _refused_path

ADMIN_EXAMPLES = examples(3)
ROLE_EXAMPLES = examples(1)
ANONYMOUS_EXAMPLES = examples(1)


def _allows(role: str):
    def select(operation) -> bool:
        if "/public/" in operation.path:
            return True
        roles = operation.definition.raw.get("x-roles")
        return roles is not None and (not roles or role in roles)

    return select


@pytest.mark.parametrize("service", SERVICES)
def test_fuzzing_through_the_gateway_with_every_role_and_without_token(platform, api_token, service):
    document, schema = load_schema(platform.services[service])
    gateway = platform.gateway
    protected = next(p for p, item in document["paths"].items()
                     if "{" not in p and "/public/" not in p and "x-roles" in item.get("get", {}))
    client = gateway.test_client()
    assert client.get(protected, headers=api_token("admin")).status_code == 200, "the API token must work"
    assert client.get(protected).status_code == 401
    fuzzer = Fuzzer(lambda case: case.call_wsgi(gateway))
    fuzzer.run(schema, headers=api_token("admin"), max_examples=ADMIN_EXAMPLES, label="admin")
    for role in ROLES:
        if role != "admin":
            fuzzer.run(schema, headers=api_token(role), max_examples=ROLE_EXAMPLES,
                       select=_allows(role), label=role)
    anonymous: dict[str, set[int]] = {}

    def anonymous_call(case):
        response = case.call_wsgi(gateway)
        if not _refused_path(response):  # a path the guard refuses (400) never reaches authentication
            anonymous.setdefault(case.operation.path, set()).add(response.status_code)
        return response

    fuzzer.call = anonymous_call
    fuzzer.run(schema, headers=None, max_examples=ANONYMOUS_EXAMPLES, label="no token")
    print(f"[fuzz] {service} through the gateway: {fuzzer.count} requests")
    assert fuzzer.count > 0
    open_without_token = {p: c for p, c in anonymous.items() if "/public/" not in p and c - {401, 404, 405}}
    assert not open_without_token, f"protected operations answered through the gateway without a token: " \
                                   f"{open_without_token}"
    assert not fuzzer.groups, fuzzer.report(f"{service} through the gateway")
