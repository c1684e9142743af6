"""Events published by the newsletter service."""

from marshmallow import Schema, fields

from contracts.fields import Id
from contracts.registry import contract


@contract("newsletter.subscriber.confirmed", 1, "A subscriber confirmed the double opt-in.")
class SubscriberConfirmed(Schema):
    subscriber_id = Id(required=True)
    topics = fields.List(fields.String(), load_default=list)
    language = fields.String(load_default="de")


@contract("newsletter.subscriber.unsubscribed", 1, "A subscriber unsubscribed.")
class SubscriberUnsubscribed(Schema):
    subscriber_id = Id(required=True)


@contract("newsletter.issue.sent", 1, "A newsletter issue finished sending.")
class IssueSent(Schema):
    issue_id = Id(required=True)
    title = fields.String(required=True)
    sent = fields.Integer(required=True)
    failed = fields.Integer(required=True)
