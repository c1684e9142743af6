"""Schemathesis driver shared by the fuzz tests: one bounded, derandomised run over every operation of a
schema, collecting failures (instead of stopping at the first) so one test names every broken operation.

Checks on every response:
- ``not_a_server_error``: no 5xx;
- ``response_schema_conformance``: the body matches the documented schema of its status;
- ``problem_json_for_client_errors``: every 4xx is ``application/problem+json``;
- response time at most ``MAX_RESPONSE_SECONDS``.

``AKTIV_FUZZ_FACTOR=N`` multiplies every example count (``make fuzz`` runs ten times the examples of
``make test``); ``AKTIV_FUZZ_FULL=1`` is the same as a factor of 10."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable

from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

MAX_RESPONSE_SECONDS = 5.0
FACTOR = int(os.environ.get("AKTIV_FUZZ_FACTOR") or (10 if os.environ.get("AKTIV_FUZZ_FULL", "") == "1" else 1))
FULL = FACTOR > 1
PROBLEM_JSON = "application/problem+json"


def examples(quick: int) -> int:
    """The example count per operation: ``quick`` in ``make test``, ``AKTIV_FUZZ_FACTOR`` times that otherwise."""
    return quick * max(1, FACTOR)


def problem_json_for_client_errors(ctx, response, case) -> None:
    """Every 4xx answer of an API is RFC 9457 problem+json (the quality bar of the platform)."""
    if 400 <= response.status_code < 500:
        content_type = response.headers.get("Content-Type", "")
        if isinstance(content_type, list):  # requests vs. werkzeug header shapes
            content_type = content_type[0] if content_type else ""
        assert content_type.startswith(PROBLEM_JSON), (
            f"{response.status_code} answered with Content-Type {content_type!r}, expected {PROBLEM_JSON}")


CHECKS = (not_a_server_error, response_schema_conformance, problem_json_for_client_errors)


NUMERIC_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")


def mistyped_numeric_keywords(document, path: str = "#") -> list[str]:
    """Places where a numeric JSON-Schema keyword holds a string (``minimum: "0.00"`` from a Decimal
    ``Range``): invalid OpenAPI, and generators cannot read it."""
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key in NUMERIC_KEYWORDS and isinstance(value, str):
                found.append(f"{path}/{key} = {value!r}")
            else:
                found += mistyped_numeric_keywords(value, f"{path}/{key}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += mistyped_numeric_keywords(value, f"{path}/{index}")
    return found


def normalised(document):
    """A copy of the OpenAPI document with string numeric keywords turned into numbers, so the fuzzer can
    run while that spec defect is reported by its own test."""
    if isinstance(document, dict):
        return {k: (float(v) if k in NUMERIC_KEYWORDS and isinstance(v, str) else normalised(v))
                for k, v in document.items()}
    if isinstance(document, list):
        return [normalised(v) for v in document]
    return document


def load_schema(app, client=None):
    """The service's own /openapi.json, bound to ``app`` for in-process calls."""
    import schemathesis

    client = client or app.test_client()
    document = client.get("/openapi.json").get_json()
    return document, schemathesis.from_dict(normalised(document), app=app)


def operations(schema, select: Callable | None = None):
    for result in schema.get_all_operations():
        operation = result.ok()
        if select is None or select(operation):
            yield operation


def _short(text: str, limit: int = 600) -> str:
    text = " ".join(line.strip() for line in text.splitlines() if line.strip())
    return text if len(text) <= limit else text[:limit] + " …"


class Fuzzer:
    """Runs operations and groups failures of the same kind (status and message) across operations and
    token variants: one example request/response per group and every place where it happened."""

    def __init__(self, call: Callable) -> None:
        self.call = call
        self.groups: dict[tuple, dict] = {}
        self.count = 0

    def run(self, schema, *, headers: dict[str, str] | None, max_examples: int, select: Callable | None = None,
            label: str = "") -> None:
        """Every selected operation with ``headers`` (None: no token)."""
        for operation in operations(schema, select):
            self._runner(operation, headers, max_examples, label)()

    def _runner(self, operation, headers, max_examples, label):
        @given(case=operation.as_strategy())
        @settings(max_examples=max_examples, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def run(case):
            case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
            case.headers.update(headers or {})
            case.headers.setdefault("Accept", "application/json")
            started = time.monotonic()
            response = self.call(case)
            self.check(case, response, time.monotonic() - started, label)

        return run

    def check(self, case, response, elapsed: float, label: str = "", checks=CHECKS) -> None:
        """Counts the request and records what ``checks`` (and the time limit) find wrong with its answer."""
        self.count += 1
        problems = []
        if elapsed > MAX_RESPONSE_SECONDS:
            problems.append(f"took {elapsed:.1f} s (limit {MAX_RESPONSE_SECONDS:.0f} s)")
        try:
            case.validate_response(response, checks=checks)
        except AssertionError as exc:
            problems.append(_short(str(exc).split("Reproduce with")[0].split(f"[{response.status_code}]")[0], 260))
        for message in problems:
            self._record(case.operation, case, response, message, label)

    def _record(self, operation, case, response, message, label) -> None:
        key = (response.status_code, re.sub(r"'[^']*' is not", "… is not", message)[:120])
        group = self.groups.get(key)
        if group is None:
            body = response.get_data(as_text=True) if hasattr(response, "get_data") else response.text
            group = self.groups[key] = {"message": message, "operations": [], "labels": [], "status":
                                        response.status_code, "request": _request_of(case),
                                        "response": _short(body, 300)}
        if operation.verbose_name not in group["operations"]:
            group["operations"].append(operation.verbose_name)
        if label and label not in group["labels"]:
            group["labels"].append(label)

    def failures(self) -> list[str]:
        out = []
        for g in self.groups.values():
            ops = ", ".join(g["operations"][:5]) + (f" and {len(g['operations']) - 5} more"
                                                    if len(g["operations"]) > 5 else "")
            who = f" [{', '.join(g['labels'])}]" if g["labels"] else ""
            out.append(f"- {g['status']}{who} in {ops}: {g['message']}\n    e.g. {g['request']}\n"
                       f"    → {g['response']}")
        return out

    def report(self, label: str) -> str:
        failures = self.failures()
        return f"{label}: {len(failures)} kinds of failure in {self.count} requests\n" + "\n".join(failures)


def _request_of(case) -> str:
    parts = [case.method.upper(), case.formatted_path]
    if case.query:
        parts.append(f"query={case.query!r}")
    if case.body is not None and type(case.body).__name__ != "NotSet":
        parts.append(f"body={_short(repr(case.body), 300)}")
    return " ".join(str(p) for p in parts)
