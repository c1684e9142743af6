"""Authorization matrix: every role × every endpoint of every service, read from the service's own OpenAPI.

``@require_roles`` writes ``x-roles`` into the spec: a role listed there (or admin, or any authenticated
caller when the list is empty) must get past authorization (any answer but 401/403); every other role must
get 403; no token, a token signed with another key, an expired or a tampered token must get 401. Endpoints
under ``/public/`` must answer without any token."""

from __future__ import annotations

import importlib
import re
import time

import jwt
import pytest

from servicekit.auth.principal import ROLES
from servicekit.config import SERVICES

METHODS = ("get", "post", "put", "patch", "delete")


def _spec(service: str):
    return importlib.import_module(f"{service}.bootstrap").SPEC


def _sample_urls(app) -> dict[str, str]:
    """OpenAPI path → a URL the route matches (values the converters accept)."""
    from werkzeug.routing.converters import AnyConverter, IntegerConverter

    urls = {}
    for rule in app.url_map.iter_rules():
        openapi = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        values = {}
        for name, converter in rule._converters.items():
            if isinstance(converter, AnyConverter):
                values[name] = sorted(converter.items)[0]
            elif isinstance(converter, IntegerConverter):
                values[name] = "999999"
            else:
                values[name] = "demo-unbekannt"
        urls[openapi] = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m, v=values: v[m.group(1)], rule.rule)
    return urls


def _operations(client):
    spec = client.get("/openapi.json").get_json()
    urls = _sample_urls(client.application)
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                concrete = urls.get(path) or re.sub(r"\{[^}]+\}", "demo-unbekannt", path)
                yield method, path, concrete, item[method]


def _call(client, method, path, headers):
    kwargs = {"headers": {**headers, "Accept": "application/json"}}
    if method in ("post", "put", "patch"):
        kwargs["json"] = {}
    return getattr(client, method)(path, **kwargs).status_code


@pytest.mark.parametrize("service", SERVICES)
def test_every_role_on_every_endpoint_is_allowed_or_refused_as_declared(make_client, auth_header, service):
    client, _ = make_client(_spec(service), csrf=False)
    operations = list(_operations(client))
    protected = [op for op in operations if "x-roles" in op[3]]
    assert protected, f"{service}: no endpoint declares x-roles"
    wrong = []
    for method, path, concrete, op in operations:
        if "/public/" in path:
            status = _call(client, method, concrete, {})
            if status in (401, 403):
                wrong.append(f"{method.upper()} {path} public but answered {status} without token")
            continue
        if "x-roles" not in op:
            wrong.append(f"{method.upper()} {path} has no @require_roles")
            continue
        allowed_roles = set(op["x-roles"])
        status = _call(client, method, concrete, {})
        if status != 401:
            wrong.append(f"{method.upper()} {path} without token → {status}, expected 401")
        for role in ROLES:
            status = _call(client, method, concrete, auth_header(role, user=f"matrix-{role}"))
            allowed = role == "admin" or not allowed_roles or role in allowed_roles
            if allowed and status in (401, 403):
                wrong.append(f"{method.upper()} {path} as {role} → {status}, expected access")
            if not allowed and status != 403:
                wrong.append(f"{method.upper()} {path} as {role} → {status}, expected 403")
    assert not wrong, f"{service}: {len(wrong)} mismatches\n" + "\n".join(wrong)


def _protected_get(client):
    for method, path, concrete, op in _operations(client):
        if method == "get" and "x-roles" in op and "/public/" not in path and "{" not in path:
            return concrete
    pytest.fail("no protected GET endpoint without path parameters")


@pytest.mark.parametrize("service", SERVICES)
def test_bad_tokens_are_refused_with_401(make_client, issuer, service, tmp_path):
    from servicekit.auth.tokens import TokenIssuer, generate_keypair

    client, _ = make_client(_spec(service), csrf=False)
    path = _protected_get(client)
    good = issuer.issue("anna", ["admin"])
    assert client.get(path, headers={"Authorization": f"Bearer {good}"}).status_code == 200

    generate_keypair(tmp_path / "other.pem", tmp_path / "other.pub.pem")
    foreign = TokenIssuer((tmp_path / "other.pem").read_bytes(), "aktiv-gateway", "aktiv-services").issue(
        "anna", ["admin"])
    expired = jwt.encode({"sub": "anna", "roles": ["admin"], "iss": "aktiv-gateway", "aud": "aktiv-services",
                          "iat": int(time.time()) - 900, "exp": int(time.time()) - 600}, issuer.key,
                         algorithm="EdDSA")
    header, payload, signature = good.split(".")
    forged_payload = jwt.utils.base64url_encode(
        jwt.utils.base64url_decode(payload).replace(b'"admin"', b'"viewer"')).decode()
    tampered = ".".join([header, forged_payload, signature])
    wrong_audience = TokenIssuer((tmp_path / "other.pem").read_bytes(), "aktiv-gateway", "elsewhere").issue(
        "anna", ["admin"])
    unsigned = jwt.encode({"sub": "anna", "roles": ["admin"], "iss": "aktiv-gateway", "aud": "aktiv-services",
                           "iat": int(time.time()), "exp": int(time.time()) + 60}, None, algorithm="none")
    for name, token in [("foreign key", foreign), ("expired", expired), ("tampered", tampered),
                        ("wrong audience", wrong_audience), ("alg none", unsigned), ("garbage", "abc.def")]:
        response = client.get(path, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
        assert response.status_code == 401, f"{service} {name}: {response.status_code}"
        assert response.mimetype == "application/problem+json"


# The department model, written down independently of the code (docs/architecture.md, issue #7): who may change
# what. Reading is open to every signed-in role unless the data is personal; changing is the department's own.
WRITERS = {
    "programmes": {"programmes.editor"},
    "finance": {"finance.clerk", "finance.approver"},
    "participation": {"participation.editor"},
    "newsletter": {"newsletter.editor"},
}
# Department data that holds personal data: not for the read-only 'viewer' or other departments.
PERSONAL = {
    "participation": ("/persons", "/signups", "/registrations", "/consents", "/export", "/hours"),
    "newsletter": ("/subscribers", "/bounces", "/export"),
}
# POSTs that change nothing: checking a funding plan without saving it.
READING_POSTS = {("finance", "/api/finance/plans/check")}


@pytest.mark.parametrize("service", SERVICES)
def test_the_declared_roles_fit_the_department_model(make_client, service):
    """The matrix above checks that enforcement matches the declarations; this checks the declarations: a
    write is never open to 'viewer', to any signed-in caller or to another department, and personal data is
    not readable by 'viewer'."""
    client, _ = make_client(_spec(service), csrf=False)
    wrong = []
    for method, path, _concrete, op in _operations(client):
        if "/public/" in path or "x-roles" not in op:
            continue
        roles = set(op["x-roles"]) - {"admin"}
        if method != "get" and (service, path) not in READING_POSTS:
            if not roles:
                wrong.append(f"{method.upper()} {path}: any signed-in caller may write")
            elif not roles <= WRITERS[service]:
                wrong.append(f"{method.upper()} {path}: writers {sorted(roles)} outside {sorted(WRITERS[service])}")
        elif method == "get" and any(marker in path for marker in PERSONAL.get(service, ())) and \
                (not roles or "viewer" in roles):
            wrong.append(f"GET {path}: personal data readable by {'anyone signed in' if not roles else 'viewer'}")
    assert not wrong, f"{service}: {len(wrong)} declarations outside the department model\n" + "\n".join(wrong)
