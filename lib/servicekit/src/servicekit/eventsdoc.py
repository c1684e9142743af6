"""Write the events catalogue (docs/events.md): every contract with its producer, consumers, fields and queue.

``python -m servicekit.eventsdoc > docs/events.md`` (``make docs``); a test fails when the file is stale.
Consumers are read from each service's ``SPEC.handlers()``, so the catalogue cannot drift from the code."""

from __future__ import annotations

import sys

from marshmallow import fields as mfields

import contracts
from servicekit.cli import load_spec

SERVICES = ("programmes", "finance", "participation", "newsletter")


def _field_type(field) -> str:
    if isinstance(field, mfields.List):
        return f"list[{_field_type(field.inner)}]"
    return {mfields.Decimal: "decimal string", mfields.DateTime: "date-time", mfields.Date: "date",
            mfields.Integer: "integer", mfields.Boolean: "boolean", mfields.Email: "email",
            mfields.Dict: "object"}.get(type(field), "string")


def consumers() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for name in SERVICES:
        for type_ in load_spec(name).handlers():
            result.setdefault(type_, []).append(name)
    return result


def render() -> str:
    by_type = consumers()
    lines = [
        "# Events catalogue",
        "",
        "Generated from `lib/contracts` and the services' subscribers by `make docs`; do not edit by hand.",
        "Envelope: CloudEvents 1.0 JSON (`id`, `source`, `type`, `subject`, `time`, `correlationid`, `sequence`,",
        "`data`). Routing key = type, on the topic exchange `aktiv.events`; each consumer binds its quorum queue",
        "`<service>.inbox` to the exact types below. AsyncAPI 3: `docs/asyncapi.yaml`.",
        "",
        "| type | producer | consumers | description |",
        "|---|---|---|---|",
    ]
    for c in contracts.REGISTRY.all():
        cons = ", ".join(sorted(by_type.get(c.type, []))) or "–"
        lines.append(f"| `{c.type}` | {c.producer} | {cons} | {c.description} |")
    for c in contracts.REGISTRY.all():
        lines += ["", f"## `{c.type}`", "", c.description, "", "| field | type | required |", "|---|---|---|"]
        for name, field in c.schema().fields.items():
            lines.append(f"| `{name}` | {_field_type(field)} | {'yes' if field.required else 'no'} |")
    unknown = sorted(set(by_type) - set(contracts.REGISTRY.types()))
    if unknown:
        lines += ["", "## Consumed without a contract (an error)", ""] + [f"- `{t}`" for t in unknown]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
