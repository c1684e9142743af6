"""Events published by the participation service."""

from marshmallow import Schema, fields, validate

from contracts.fields import Id, Money
from contracts.registry import contract


@contract("participation.decision.made", 1, "A body made a decision (Beschluss) on an agenda item.")
class DecisionMade(Schema):
    decision_id = Id(required=True)
    number = fields.String(required=True)
    body_id = Id(required=True)
    body_type = fields.String(required=True)
    project_id = fields.String(allow_none=True, load_default=None)
    outcome = fields.String(required=True, validate=validate.OneOf(["approved", "rejected", "deferred"]))
    amount = Money(allow_none=True, load_default=None)
    title = fields.String(required=True)
    year = fields.Integer(required=True)
    votes_yes = fields.Integer(load_default=0)
    votes_no = fields.Integer(load_default=0)
    votes_abstain = fields.Integer(load_default=0)


@contract("participation.meeting.scheduled", 1, "A meeting of a body was scheduled.")
class MeetingScheduled(Schema):
    meeting_id = Id(required=True)
    body_id = Id(required=True)
    title = fields.String(required=True)
    starts_at = fields.DateTime(required=True)
    place = fields.String(load_default="")


@contract("participation.event.published", 1, "A public event was published.")
class EventPublished(Schema):
    event_id = Id(required=True)
    title = fields.String(required=True)
    starts_at = fields.DateTime(required=True)
    place = fields.String(load_default="")
    summary = fields.String(load_default="")
    fields_of_action = fields.List(fields.String(), load_default=list)
    districts = fields.List(fields.String(), load_default=list)


@contract("participation.event.cancelled", 1,
          "A published public event was called off (Absage). Sent once per event, after its "
          "participation.event.published on the same subject (higher sequence); an event that was never "
          "published is called off without this event.")
class EventCancelled(Schema):
    event_id = Id(required=True)
    title = fields.String(required=True)
    cancelled_at = fields.AwareDateTime(required=True)
    reason = fields.String(load_default="")


@contract("participation.registration.confirmed", 1,
          "A registration for a public event holds a seat: confirmed at once, or promoted from the waiting list. "
          "A place on the waiting list is not announced; status is always 'confirmed' ('waiting' is kept in the "
          "schema only so that v1 stays compatible).")
class RegistrationConfirmed(Schema):
    registration_id = Id(required=True)
    event_id = Id(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["confirmed", "waiting"]))


@contract("participation.volunteer.registered", 1, "A volunteer signed up for an opportunity.")
class VolunteerRegistered(Schema):
    signup_id = Id(required=True)
    opportunity_id = Id(required=True)


class _Organisation(Schema):
    organisation_id = Id(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)


@contract("participation.organisation.created", 1, "An organisation (club, provider, partner) was recorded.")
class OrganisationCreated(_Organisation):
    pass


@contract("participation.organisation.updated", 1, "An organisation changed.")
class OrganisationUpdated(_Organisation):
    pass


class _Body(Schema):
    body_id = Id(required=True)
    name = fields.String(required=True)
    body_type = fields.String(required=True, metadata={"description": "begleitausschuss, steuerungsgruppe, …"})
    programme_id = fields.String(allow_none=True, load_default=None)


@contract("participation.body.created", 1,
          "A body (Gremium: Begleitausschuss, Steuerungsgruppe, …) was set up, so that the other services can offer "
          "it by its name (finance: the body that holds an action fund).")
class BodyCreated(_Body):
    pass


@contract("participation.body.updated", 1,
          "A body changed (renamed, another programme); carries its current state. Sent on the body's subject "
          "after its participation.body.created (higher sequence).")
class BodyUpdated(_Body):
    pass


@contract("participation.mail.requested", 1, "A transactional mail for the newsletter service to send.",
          personal=True)
class MailRequested(Schema):
    mail_id = Id(required=True)
    template = fields.String(required=True, validate=validate.OneOf(
        ["meeting_invitation", "registration_confirmation", "registration_waiting", "registration_promoted",
         "volunteer_confirmation", "generic"]))
    to = fields.Email(required=True)
    name = fields.String(load_default="")
    language = fields.String(load_default="de", validate=validate.OneOf(["de", "en"]))
    context = fields.Dict(keys=fields.String(), load_default=dict)


_ = Money  # re-exported helper for future money fields


@contract("participation.person.erased", 1,
          "A person was anonymised (Art. 17 DSGVO): every service erases what it holds for this person. The "
          "person is named by email_key, the HMAC-SHA256 of their lower-cased address under the services' shared "
          "AKTIV_ERASURE_KEY (servicekit.erasure); the address itself never travels.", personal=True)
class PersonErased(Schema):
    person_id = Id(required=True)
    # Lookup key of the address (64 hex digits), null when the person had none.
    email_key = fields.String(allow_none=True, load_default=None, validate=validate.Regexp(r"^[0-9a-f]{64}$"))
    # Kept only so that v1 stays compatible: producers no longer send it (an event from before the change may).
    email = fields.Email(allow_none=True, load_default=None)
    erased_at = fields.DateTime(required=True)
