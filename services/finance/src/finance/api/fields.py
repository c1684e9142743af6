"""Field helpers for the finance API: money as decimal strings, rates as fractions, Decimal bounds."""

from decimal import Decimal

from marshmallow import ValidationError, validate

from servicekit.web.fields import ExactDecimal


class Between(validate.Validator):
    """Bounds for Decimal fields. Deliberately not ``validate.Range``: apispec would render Decimal bounds as
    strings ("0.00"), which is invalid OpenAPI; the numeric bounds go into the field metadata instead."""

    def __init__(self, low=None, high=None, *, low_inclusive: bool = True) -> None:
        self.low, self.high, self.low_inclusive = low, high, low_inclusive

    def __call__(self, value):
        if self.low is not None and (value < self.low or (value == self.low and not self.low_inclusive)):
            raise ValidationError(f"Muss {'mindestens' if self.low_inclusive else 'größer als'} {self.low} sein.")
        if self.high is not None and value > self.high:
            raise ValidationError(f"Darf höchstens {self.high} sein.")
        return value


LIMIT = Decimal("999999999999.99")  # Numeric(14, 2)
#: money travels as a decimal string ("1234.50"); documented so, because that is what the API sends
MONEY_DOC = {"type": "string", "format": "decimal", "pattern": r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$", "example": "1234.50"}
RATE_DOC = {"type": "string", "format": "decimal", "pattern": r"^(0(\.[0-9]+)?|1(\.0+)?)$", "example": "0.90"}


_Decimal = ExactDecimal  # servicekit: never through a binary float; more places than cents refused


def Money(**kw):  # noqa: N802 - a field factory
    kw.setdefault("validate", Between(-LIMIT, LIMIT))
    metadata = {**MONEY_DOC, **kw.pop("metadata", {})}
    return _Decimal(as_string=True, places=2, allow_nan=False, metadata=metadata, **kw)


def PositiveMoney(**kw):  # noqa: N802
    return Money(validate=Between(0, LIMIT, low_inclusive=False), **kw)


def Rate(**kw):  # noqa: N802
    metadata = {**RATE_DOC, **kw.pop("metadata", {})}
    return _Decimal(as_string=True, allow_nan=False, validate=Between(0, 1), metadata=metadata, **kw)


# German messages for the standard validators (servicekit's generic translation leaves parts of marshmallow's
# English text in them, e.g. "Länge ungültig (Length must be between 2 and 200.)").
def Length(min=None, max=None, *, unit="Zeichen"):  # noqa: N802,A002 - mirrors validate.Length
    if min is not None and max is not None:
        error = f"Länge muss zwischen {{min}} und {{max}} {unit} liegen."
    elif max is not None:
        error = f"Höchstens {{max}} {unit}."
    else:
        error = f"Mindestens {{min}} {unit}."
    return validate.Length(min=min, max=max, error=error)


def Range(min=None, max=None):  # noqa: N802,A002 - integers only (Decimal bounds: Between)
    return validate.Range(min=min, max=max, error="Muss zwischen {min} und {max} liegen.")


def Regexp(regex, *, hint: str):  # noqa: N802
    return validate.Regexp(regex, error=f"Ungültiges Format: {hint}")
