"""Request and response schemas (unknown fields are rejected: marshmallow's default RAISE)."""

from decimal import Decimal

from marshmallow import ValidationError, fields, validate, validates_schema

from participation.api.fields import Between, Instant, Money, Name, Stamp
from participation.domain.actors import CONSENT_METHODS, LANGUAGES, OPPORTUNITY_KINDS, ORGANISATION_KINDS
from participation.domain.governance import BODY_TYPES, CHOICES, ROLES
from servicekit.web.fields import ActorRef
from servicekit.web.schemas import Schema


class Query(Schema):
    q = fields.String(load_default=None)


class OrganisationIn(Schema):
    name = Name(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(list(ORGANISATION_KINDS)))
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=60))
    address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


class OrganisationPatch(Schema):
    name = Name()
    kind = fields.String(validate=validate.OneOf(list(ORGANISATION_KINDS)))
    email = fields.Email(allow_none=True)
    phone = fields.String(allow_none=True, validate=validate.Length(max=60))
    address = fields.String(allow_none=True, validate=validate.Length(max=300))


class OrganisationOut(OrganisationIn):
    id = fields.String()
    demo = fields.Boolean()


class PersonIn(Schema):
    name = Name(required=True)
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=60))
    address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    organisation_id = fields.String(load_default=None, allow_none=True)
    language = fields.String(load_default="de", validate=validate.OneOf(list(LANGUAGES)),
                             metadata={"description": "Sprache für Einladungen und andere E-Mails (de, en)"})


class PersonOut(PersonIn):
    id = fields.String()
    anonymised = fields.Boolean()
    demo = fields.Boolean()


class ConsentIn(Schema):
    purpose = fields.String(required=True, validate=validate.Length(min=2, max=80))
    text_version = fields.String(required=True, validate=validate.Length(min=1, max=40))
    method = fields.String(required=True, validate=validate.OneOf(list(CONSENT_METHODS)))
    given_at = Instant(load_default=None)


class ConsentOut(Schema):
    id = fields.String()
    person_id = fields.String()
    purpose = fields.String()
    text_version = fields.String()
    method = fields.String()
    given_at = Stamp()
    withdrawn_at = Stamp(allow_none=True)
    recorded_by = ActorRef("recorded_by", "recorded_by_name")


class BodyIn(Schema):
    name = Name(required=True)
    type = fields.String(required=True, validate=validate.OneOf(list(BODY_TYPES)))
    prefix = fields.String(validate=validate.Regexp(r"^[A-Z]{2,6}$"),
                           metadata={"description": "Kürzel der Beschlussnummern; Standard je Gremienart (BA, SG …)"})
    programme_id = fields.String(load_default=None, allow_none=True)
    fields_of_action = fields.List(fields.String(), load_default=list)
    quorum_percent = fields.Integer(load_default=50, validate=validate.Range(min=1, max=99))
    description = fields.String(load_default="")


class BodyPatch(Schema):
    """What a body may change after it was set up; its type (and so the decision prefix) stays."""

    name = Name()
    programme_id = fields.String(allow_none=True)
    fields_of_action = fields.List(fields.String())
    quorum_percent = fields.Integer(validate=validate.Range(min=1, max=99))
    description = fields.String()


class MembershipIn(Schema):
    person_id = fields.String(required=True)
    organisation_id = fields.String(load_default=None, allow_none=True)
    role = fields.String(required=True, validate=validate.OneOf(list(ROLES)))
    voting = fields.Boolean(load_default=None, allow_none=True)
    valid_from = fields.Date(load_default=None, allow_none=True)
    valid_until = fields.Date(load_default=None, allow_none=True)


class EndMembershipIn(Schema):
    valid_until = fields.Date(required=True, metadata={"description": "letzter Tag der Mitgliedschaft"})


class MembershipOut(Schema):
    id = fields.String()
    body_id = fields.String()
    person_id = fields.String()
    person_name = fields.String()
    organisation_id = fields.String(allow_none=True)
    organisation_name = fields.String(allow_none=True)
    role = fields.String()
    voting = fields.Boolean()
    valid_from = fields.Date(allow_none=True)
    valid_until = fields.Date(allow_none=True)


class BodyOut(BodyIn):
    id = fields.String()
    prefix = fields.String()
    programme_name = fields.String(dump_only=True, allow_none=True,
                                   metadata={"description": "Name des Programms (Lesemodell des Programmdienstes)"})
    demo = fields.Boolean()


class BodyDetail(BodyOut):
    members = fields.List(fields.Nested(MembershipOut))


class MeetingIn(Schema):
    body_id = fields.String(required=True)
    title = Name(required=True)
    starts_at = Instant(required=True)
    place = fields.String(load_default="", validate=validate.Length(max=200))


class MeetingOut(Schema):
    id = fields.String()
    body_id = fields.String()
    title = fields.String()
    starts_at = Stamp()
    place = fields.String()
    invited_at = Stamp(allow_none=True)
    invited_by = ActorRef("invited_by", "invited_by_name")
    minutes_status = fields.String()
    minutes_approved_at = Stamp(allow_none=True)
    minutes_approved_by = ActorRef("minutes_approved_by", "minutes_approved_by_name")


class AgendaItemIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=2, max=300))
    description = fields.String(load_default="")
    project_id = fields.String(load_default=None, allow_none=True)
    applicant_organisation_id = fields.String(load_default=None, allow_none=True)
    amount = Money(load_default=None, allow_none=True)


class AttendanceIn(Schema):
    present = fields.List(fields.String(), required=True)


class VoteIn(Schema):
    membership_id = fields.String(required=True)
    choice = fields.String(required=True, validate=validate.OneOf(list(CHOICES)))


class DecideIn(Schema):
    deferred = fields.Boolean(load_default=False)
    amount = Money(load_default=None, allow_none=True)
    title = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=2, max=300))


class DecisionOut(Schema):
    id = fields.String()
    number = fields.String()
    body_id = fields.String()
    body_name = fields.String()
    meeting_id = fields.String()
    item_id = fields.String()
    title = fields.String()
    outcome = fields.String()
    amount = fields.Decimal(as_string=True, places=2, allow_none=True)
    project_id = fields.String(allow_none=True)
    project_title = fields.String(allow_none=True, metadata={"description": "Titel des Projekts (Lesemodell)"})
    votes_yes = fields.Integer()
    votes_no = fields.Integer()
    votes_abstain = fields.Integer()
    decided_on = fields.Date()
    refusal_reason = fields.String(allow_none=True)
    booked_remaining = fields.Decimal(as_string=True, places=2, allow_none=True)
    recorded_by = ActorRef("recorded_by", "recorded_by_name")
    recorded_at = Stamp(allow_none=True)


class MinutesIn(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=100_000))


class ApproveMinutesIn(Schema):
    approved_in = fields.String(required=True)


class EventIn(Schema):
    title = Name(required=True)
    summary = fields.String(load_default="", validate=validate.Length(max=500))
    description = fields.String(load_default="")
    starts_at = Instant(required=True)
    ends_at = Instant(load_default=None, allow_none=True)
    place = fields.String(load_default="", validate=validate.Length(max=200))
    capacity = fields.Integer(required=True, validate=validate.Range(min=1, max=100_000))
    waiting_list = fields.Boolean(load_default=True)
    fields_of_action = fields.List(fields.String(), load_default=list)
    districts = fields.List(fields.String(), load_default=list)
    publish = fields.Boolean(load_default=False)


class EventOut(Schema):
    id = fields.String()
    title = fields.String()
    summary = fields.String()
    description = fields.String()
    starts_at = Stamp()
    ends_at = Stamp(allow_none=True)
    place = fields.String()
    capacity = fields.Integer()
    seats_left = fields.Integer()
    waiting_list = fields.Boolean()
    published = fields.Boolean()
    cancelled_at = Stamp(allow_none=True)
    cancelled_by = ActorRef("cancelled_by", "cancelled_by_name")
    fields_of_action = fields.List(fields.String())
    districts = fields.List(fields.String())


class CancelEventIn(Schema):
    reason = fields.String(load_default="", validate=validate.Length(max=500),
                           metadata={"description": "Begründung, geht mit der Absage an die Angemeldeten"})


class RegistrationOut(Schema):
    id = fields.String()
    number = fields.Integer()
    name = fields.String()
    email = fields.String(allow_none=True)
    seats = fields.Integer()
    status = fields.String()
    created_at = Stamp()


class OpportunityIn(Schema):
    title = Name(required=True)
    description = fields.String(load_default="")
    organisation_id = fields.String(load_default=None, allow_none=True)
    district = fields.String(load_default=None, allow_none=True)
    field_of_action = fields.String(load_default=None, allow_none=True)
    kind = fields.String(load_default="opportunity", validate=validate.OneOf(list(OPPORTUNITY_KINDS)))
    published = fields.Boolean(load_default=True)


class OpportunityOut(OpportunityIn):
    id = fields.String()
    organisation_name = fields.String(allow_none=True)


class SponsorshipIn(Schema):
    person_id = fields.String(required=True)
    opportunity_id = fields.String(load_default=None, allow_none=True)
    object = fields.String(required=True, validate=validate.Length(min=2, max=200))
    since = fields.Date(required=True)
    until = fields.Date(load_default=None, allow_none=True)


class SponsorshipOut(SponsorshipIn):
    id = fields.String()
    person_name = fields.String()


class HoursIn(Schema):
    person_id = fields.String(required=True)
    opportunity_id = fields.String(load_default=None, allow_none=True)
    day = fields.Date(required=True)
    hours = fields.Decimal(required=True, as_string=True, places=2, validate=Between(Decimal(0), Decimal(24)))
    note = fields.String(load_default="", validate=validate.Length(max=300))

    @validates_schema
    def _not_future(self, data, **kwargs):
        from datetime import date
        if data.get("day") and data["day"] > date.today():
            raise ValidationError("Stunden können nicht für die Zukunft erfasst werden.", "day")


class HoursOut(HoursIn):
    id = fields.String()
    opportunity_title = fields.String(allow_none=True)


class AuditOut(Schema):
    id = fields.Raw()
    at = Stamp()
    actor = ActorRef("actor", "actor_name")
    entity = fields.String()
    entity_id = fields.String()
    action = fields.String()
    changes = fields.Raw()
