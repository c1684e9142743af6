"""Field helpers shared by the contract modules. Money travels as a string of integer cents-free
decimal euros ("1234.56"), never as a float."""

from marshmallow import fields, validate

Money = lambda **kw: fields.Decimal(as_string=True, places=2, **kw)  # noqa: E731
Id = lambda **kw: fields.String(validate=validate.Length(min=1, max=64), **kw)  # noqa: E731
