"""#19 input rule, walked over every operation of every service: each JSON body field and each query parameter
that is a string refuses NUL and ESC with a 422 problem+json and a German field message, before any other check;
and every schema an operation reads derives from the kit's ``servicekit.web.schemas.Schema``."""

from __future__ import annotations

import importlib
import re

import pytest
from marshmallow import fields

from servicekit.config import SERVICES
from servicekit.web.schemas import Schema as KitSchema

GERMAN = "Enthält ein unsichtbares Steuerzeichen"


def _spec(service: str):
    return importlib.import_module(f"{service}.bootstrap").SPEC


def _schemas_read_by(app):
    """Every schema an operation's ``@blp.arguments`` reads, with its nested schemas."""
    def walk(schema, seen):
        if id(schema) in seen:
            return
        seen.add(id(schema))
        yield schema
        for field in schema.fields.values():
            inner = field.inner if isinstance(field, fields.List) else field
            if isinstance(inner, fields.Nested):
                yield from walk(inner.schema, seen)

    seen = set()
    for view in app.view_functions.values():
        cls = getattr(view, "view_class", None)
        funcs = [getattr(cls, m) for m in ("get", "post", "put", "patch", "delete") if hasattr(cls, m)] if cls \
            else [view]
        for func in funcs:
            for argument in getattr(func, "_apidoc", {}).get("arguments", {}).get("parameters", []):
                schema = argument["schema"]
                yield from walk(schema() if isinstance(schema, type) else schema, seen)


@pytest.mark.parametrize("service", SERVICES)
def test_every_schema_an_operation_reads_is_a_kit_schema(make_client, service):
    client, _ = make_client(_spec(service), csrf=False)
    schemas = list(_schemas_read_by(client.application))
    assert schemas, service
    foreign = sorted({type(s).__qualname__ for s in schemas if not isinstance(s, KitSchema)})
    assert foreign == [], f"{service}: derive these from servicekit.web.schemas.Schema"


def _resolve(spec, schema):
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "demo-unbekannt", path)


def _free_text(schema: dict) -> bool:
    """A string the client writes as text: not a date, time or decimal (their own fields refuse anything else),
    not a fixed choice."""
    return schema.get("type") == "string" and not schema.get("readOnly") and "enum" not in schema \
        and "format" not in schema


def _cases(spec):
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                props = _resolve(spec, body["schema"]).get("properties", {})
                for name, prop in props.items():
                    prop = _resolve(spec, prop)
                    if _free_text(prop):
                        yield method, path, "json", name
            for param in op.get("parameters", []):
                schema = param.get("schema", {})
                if param.get("in") == "query" and _free_text(schema):
                    yield method, path, "query", param["name"]


@pytest.mark.parametrize("service", SERVICES)
def test_every_string_field_refuses_nul_and_esc_in_german(make_client, auth_header, service):
    client, _ = make_client(_spec(service), csrf=False)
    spec = client.get("/openapi.json").get_json()
    headers = {**auth_header("admin"), "Accept": "application/json", "Accept-Language": "de", "If-Match": "\"0\""}
    cases = list(_cases(spec))
    assert sum(where == "json" for *_, where, _ in cases) >= 10 and any(where == "query" for *_, where, _ in cases)
    failures = []
    for n, (method, path, where, name) in enumerate(cases):
        bad = "Eva\x00" if n % 2 else "Eva\x1b[2J"
        kwargs = {"headers": headers}
        if where == "json":
            kwargs["json"] = {name: bad}
        else:
            kwargs["query_string"] = {name: bad}
        resp = getattr(client, method)(_concrete(path), **kwargs)
        problem = resp.get_json(silent=True) or {}
        messages = str(problem.get("errors", {}).get(name, ""))
        if not (resp.status_code == 422 and resp.mimetype == "application/problem+json" and GERMAN in messages):
            failures.append((method, path, where, name, resp.status_code, str(problem)[:200]))
    assert failures == [], "\n".join(map(str, failures))
