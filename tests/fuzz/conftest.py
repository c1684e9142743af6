"""Fuzz-suite setup.

Compatibility shim: hypothesis-jsonschema 0.23.1 (used by schemathesis 3.x to generate request bodies) still
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
