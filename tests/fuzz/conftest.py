"""Fuzz-suite setup.

Compatibility shims (the stateful one is at ``_route_state_machine_results``): hypothesis-jsonschema 0.23.1 (used by schemathesis 3.x to generate request bodies) still
calls ``hypothesis.internal.conjecture.utils.many.more()``, which hypothesis 6.170 replaced by the
``with many(...) as elements: for _ in elements`` protocol. Without ``more()`` every object schema fails to
generate. The shim below re-creates ``more()`` from the new primitives (same choice sequence: decide, count,
open an element span) and is only installed when the method is missing."""

from __future__ import annotations

from hypothesis.internal.conjecture import utils as _cu


def _more(self) -> bool:
    if self._depth is None:  # first call stands in for __enter__
        self._depth = self.data.depth
    if self._in_element:
        self._finish_element()
    if not self._decide():
        self._closed = True
        return False
    self.count += 1
    self._in_element = True
    self._rejected = False
    return True


if not hasattr(_cu.many, "more"):
    _cu.many.more = _more


def _register_text_serializers() -> None:
    """The newsletter documents text bodies (CSV import: ``text/csv``, bounce upload: ``message/rfc822``, both
    ``{"type": "string"}``); schemathesis has no serializer for them, so generated strings go as they are."""
    import schemathesis

    class TextSerializer:
        def as_requests(self, context, value):
            return {"data": value if isinstance(value, (str, bytes)) else str(value)}

        def as_werkzeug(self, context, value):
            return {"data": value if isinstance(value, (str, bytes)) else str(value)}

    for media_type in ("text/csv", "message/rfc822"):
        schemathesis.serializer(media_type)(TextSerializer)


_register_text_serializers()


def _route_state_machine_results() -> None:
    """Compatibility shim for the stateful phase: schemathesis 3.39's state machine puts each step's result into
    the bundle of the link it matches by overriding hypothesis' ``_add_result_to_targets(targets, result)``;
    hypothesis 6.170 calls ``_add_results_to_targets(targets, results)`` instead, so no result reached a link's
    bundle and no link was ever followed (every result landed in ``catch_all``, which then also blocked the root
    rules: "No progress can be made"). The shim routes the results as schemathesis meant."""
    from hypothesis.stateful import RuleBasedStateMachine
    from schemathesis.stateful.state_machine import APIStateMachine

    if not hasattr(RuleBasedStateMachine, "_add_results_to_targets") or \
            "_add_results_to_targets" in APIStateMachine.__dict__:
        return

    def _add_results_to_targets(self, targets, results):
        for result in results:
            target = self._get_target_for_result(result) if result is not None else None
            if target is not None:
                RuleBasedStateMachine._add_results_to_targets(self, (target,), [result])

    APIStateMachine._add_results_to_targets = _add_results_to_targets


_route_state_machine_results()


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def platform(tmp_path_factory, keypair):
    """The four services as HTTP servers behind the gateway (``platform.Platform``), shared by the gateway runs."""
    from .platform import Platform

    running = Platform(tmp_path_factory.mktemp("fuzz-platform") / "var", keypair).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def api_token(platform):
    """``api_token(role)`` → Authorization header with a gateway API token for that role."""
    from servicekit.auth.principal import ROLES

    accounts = platform.gateway.extensions["gateway_accounts"]
    tokens = {role: accounts.create_token(f"fuzz {role}", [role], "fuzz-suite", days=1)[1] for role in ROLES}
    return lambda role: {"Authorization": f"Bearer {tokens[role]}"}
