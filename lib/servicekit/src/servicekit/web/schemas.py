"""The base of every API schema: free text passes the kit's input rule (``servicekit.text``) before marshmallow
loads it.

Every string the client sends for a ``fields.String`` (also inside ``fields.List`` and as ``fields.Dict``
values; nested schemas derive from this one and check their own fields) is normalised (CRLF, CR, ``\\x0b``,
``\\x0c`` → LF) or refused with a field error (other C0 controls, DEL, lone surrogates), and a string field
without its own ``validate.Length(max=…)`` is bounded by ``servicekit.text.DEFAULT_MAX_LENGTH``. Output is not
touched (``pre_load`` only).

Services write ``from servicekit.web.schemas import Schema`` instead of ``from marshmallow import Schema``; a
kit test walks every service's API and fails on a request schema that is not one of these.
"""

from __future__ import annotations

from collections.abc import Mapping

import marshmallow as ma
from marshmallow import fields, validate

from servicekit import text

TOO_LONG = "Longer than maximum length {0}."  # marshmallow's own wording: the problem handler has it in German


def _own_max(field: fields.Field) -> int | None:
    validators = field.validators or []
    bounds = [v.max for v in validators if isinstance(v, validate.Length) and v.max is not None]
    return min(bounds) if bounds else None


def _check(field: fields.Field, value):
    """(cleaned value, error message or None) for one incoming value of ``field``."""
    if isinstance(field, _NestedOne):
        return check_mapping(field.nested_schema, value)
    if isinstance(field, fields.String) and isinstance(value, str):
        try:
            value = text.clean(value)
        except text.TextRefused as exc:
            return value, str(exc)
        if _own_max(field) is None and len(value) > text.DEFAULT_MAX_LENGTH:
            return value, TOO_LONG.format(text.DEFAULT_MAX_LENGTH)
        return value, None
    if isinstance(field, fields.Nested) and isinstance(field.schema, ma.Schema):
        if field.many and isinstance(value, list):
            return _check(fields.List(_NestedOne(field.schema)), value)
        if isinstance(value, Mapping):
            return check_mapping(field.schema, value)
        return value, None
    if isinstance(field, fields.List) and isinstance(value, list):
        cleaned, errors = [], {}
        for i, item in enumerate(value):
            item, error = _check(field.inner, item)
            cleaned.append(item)
            if error:
                errors[i] = error if isinstance(error, dict) else [error]
        return cleaned, (errors or None)
    if isinstance(field, fields.Dict) and isinstance(value, dict) and field.value_field is not None:
        cleaned, errors = {}, {}
        for key, item in value.items():
            item, error = _check(field.value_field, item)
            cleaned[key] = item
            if error:
                errors[key] = {"value": [error]}
        return cleaned, (errors or None)
    return value, None


class _NestedOne(fields.Field):
    def __init__(self, schema: ma.Schema) -> None:
        super().__init__()
        self.nested_schema = schema


def check_mapping(schema: ma.Schema, data):
    """(data with the paste characters normalised, errors by field) for one object of ``schema``."""
    if not isinstance(data, Mapping):
        return data, None
    errors, changed = {}, {}
    for name, field in schema.load_fields.items():
        key = field.data_key or name
        if key not in data:
            continue
        value, error = _check(field, data[key])
        if error:
            errors[key] = error if isinstance(error, dict) else [error]
        elif value != data[key]:
            changed[key] = value
    return ({**data, **changed} if changed else data), (errors or None)


class Schema(ma.Schema):
    """``marshmallow.Schema`` with the kit's input rule for free text."""

    @ma.pre_load(pass_many=False)
    def _kit_text_rule(self, data, **kwargs):
        data, errors = check_mapping(self, data)
        if errors:
            raise ma.ValidationError(errors)
        return data
