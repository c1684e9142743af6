"""marshmallow fields every API shares: instants always carry their UTC offset (RFC 3339); decimals and money
never pass through a binary float."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from marshmallow import ValidationError, fields


class UtcDateTime(fields.DateTime):
    """Output with offset. SQLite hands back naive datetimes; every service stores UTC, so naive means UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class Instant(fields.AwareDateTime):
    """Input: an ISO 8601 time with offset (a naive one is refused), converted to UTC. Years outside 1900–2999
    are refused: no meeting, booking or deadline of a town hall lies there, and before 1893 Berlin's zone had an
    offset in seconds that no contract accepts."""

    def _deserialize(self, value, attr, data, **kwargs):
        instant = super()._deserialize(value, attr, data, **kwargs)
        if not 1900 <= instant.year <= 2999:
            raise ValidationError("Bitte einen Zeitpunkt zwischen den Jahren 1900 und 2999 angeben.")
        return instant.astimezone(UTC)


class ExactDecimal(fields.Decimal):
    """A Decimal field that never computes with a binary float. A JSON number arrives from the parser as float;
    it is read back through its shortest text (``repr``: what the client wrote, 12.5 → "12.5"), so 1.005 stays
    1.005 instead of 1.00499999…. With ``places`` (money: 2), more decimal places are refused, never rounded.
    Decimal text ("1234.50") is what the APIs document and send."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise ValidationError("Keine gültige Zahl.")
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise ValidationError("Sonderwerte (nan, unendlich) sind nicht erlaubt.")
            value = repr(value)
        if self.places is not None and isinstance(value, str | int):
            try:
                exact = Decimal(str(value).strip())
                too_fine = exact.is_finite() and exact != exact.quantize(self.places)  # places: the quantum
            except ArithmeticError:  # not a number, or absurdly long: the parent says so in German
                too_fine = False
            if too_fine:
                digits = -self.places.as_tuple().exponent
                raise ValidationError('Höchstens zwei Nachkommastellen (Cent), z. B. "1234.50".' if digits == 2
                                      else f"Höchstens {digits} Nachkommastellen.")
        return super()._deserialize(value, attr, data, **kwargs)


class ActorRef(fields.Field):
    """An actor as the API returns it: ``{"id": "…", "name": "Frieda Freigabe"}``, read from two attributes
    of the record (``ActorRef("approved_by", "approved_by_name")``). ``null`` when nobody has acted yet."""

    def __init__(self, id_attr: str, name_attr: str, **kwargs) -> None:
        kwargs.setdefault("dump_only", True)
        kwargs.setdefault("metadata", {}).update({"type": "object", "nullable": True, "properties": {
            "id": {"type": "string"}, "name": {"type": "string"}}})
        super().__init__(attribute=id_attr, **kwargs)
        self.name_attr = name_attr

    def serialize(self, attr, obj, accessor=None, **kwargs):
        get = obj.get if isinstance(obj, dict) else (lambda k, d=None: getattr(obj, k, d))
        actor = get(self.attribute or attr)
        if actor in (None, ""):
            return None
        return {"id": str(actor), "name": get(self.name_attr) or ""}
