"""Field types of the API schemas: UTC instants in and out, Decimal bounds, names and money."""

from decimal import Decimal

from marshmallow import ValidationError, fields, validate

from servicekit.web.fields import Instant
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


class ExactMoney(fields.Decimal):
    """Euros as ``Decimal``, never through a binary float: a JSON number is read back through its shortest text
    (12.5 → "12.5"); more decimal places than cents are refused, not rounded."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise ValidationError("Keine gültige Zahl.")
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise ValidationError("Sonderwerte (nan, unendlich) sind nicht erlaubt.")
            value = repr(value)
        if isinstance(value, str | int):
            try:
                exact = Decimal(str(value).strip())
                too_fine = exact.is_finite() and exact != exact.quantize(Decimal("0.01"))
            except ArithmeticError:
                too_fine = False  # not a number: the parent says so
            if too_fine:
                raise ValidationError('Höchstens zwei Nachkommastellen (Cent), z. B. "1500.50".')
        return super()._deserialize(value, attr, data, **kwargs)


Name = lambda **kw: fields.String(validate=validate.Length(min=2, max=200), **kw)  # noqa: E731
Money = lambda **kw: ExactMoney(as_string=True, places=2, allow_nan=False,  # noqa: E731
                                validate=Between(Decimal(0), Decimal("10000000")), **kw)
