"""Field types of the API schemas: UTC instants in and out, Decimal bounds, names and money."""

from decimal import Decimal

from marshmallow import ValidationError, fields, validate

from servicekit.web.fields import ExactDecimal, Instant
from servicekit.web.fields import UtcDateTime as Stamp

__all__ = ["Between", "ExactMoney", "Instant", "Money", "Name", "Stamp"]


class Between(validate.Validator):
    """Bounds for Decimal fields (``validate.Range`` would render Decimal bounds as strings in OpenAPI)."""

    def __init__(self, low: Decimal, high: Decimal) -> None:
        self.low, self.high = low, high

    def __call__(self, value):
        if not (self.low < value <= self.high):
            raise ValidationError(f"Muss größer als {self.low} und höchstens {self.high} sein.")
        return value


ExactMoney = ExactDecimal  # servicekit: never through a binary float; more places than cents refused


Name = lambda **kw: fields.String(validate=validate.Length(min=2, max=200), **kw)  # noqa: E731
Money = lambda **kw: ExactMoney(as_string=True, places=2, allow_nan=False,  # noqa: E731
                                validate=Between(Decimal(0), Decimal("10000000")), **kw)
