"""Schemas of the public API (docs/public-api.md): published data only, no personal data."""

from marshmallow import ValidationError, fields, validate, validates

from participation.api.fields import Instant, Stamp
from servicekit.web.schemas import Schema


class PublicList(Schema):
    q = fields.String(load_default=None)
    field = fields.String(load_default=None)
    district = fields.String(load_default=None)


class PublicEventList(PublicList):
    from_ = Instant(data_key="from", load_default=None)


class PublicEventOut(Schema):
    id = fields.String()
    title = fields.String()
    summary = fields.String()
    starts_at = Stamp()
    ends_at = Stamp(allow_none=True)
    place = fields.String()
    capacity = fields.Integer()
    seats_left = fields.Integer()
    waiting_list_open = fields.Function(lambda e: bool(e["waiting_list"]))
    fields_of_action = fields.List(fields.String())
    districts = fields.List(fields.String())


class PublicEventDetail(PublicEventOut):
    description = fields.String()


class _Consenting(Schema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    email = fields.Email(required=True)
    consent = fields.Boolean(required=True)
    language = fields.String(load_default="de", validate=validate.OneOf(["de", "en"]))

    @validates("consent")
    def _consent_given(self, value, **kwargs):
        if value is not True:
            raise ValidationError("Ohne Einwilligung in die Datenverarbeitung ist keine Anmeldung möglich.")


class RegistrationIn(_Consenting):
    seats = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10))


class RegistrationAnswer(Schema):
    status = fields.String()
    position = fields.Integer()


class TokenIn(Schema):
    token = fields.String(required=True, validate=validate.Length(min=10, max=64))


class SignupIn(_Consenting):
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=60))
    message = fields.String(load_default="", validate=validate.Length(max=2000))


class PublicOpportunityOut(Schema):
    id = fields.String()
    title = fields.String()
    description = fields.String()
    organisation = fields.Function(lambda o: o.get("organisation_name"))
    district = fields.String(allow_none=True)
    field_of_action = fields.String(allow_none=True)
    kind = fields.String()


class PublicDecisionOut(Schema):
    number = fields.String()
    title = fields.String()
    outcome = fields.String()
    amount = fields.Decimal(as_string=True, places=2, allow_none=True)
    decided_on = fields.Date()
    body = fields.Function(lambda d: d["body_name"])
