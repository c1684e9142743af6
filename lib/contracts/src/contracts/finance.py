"""Events published by the finance service."""

from marshmallow import Schema, fields, validate

from contracts.fields import Id, Money
from contracts.registry import contract

FUNDER_TYPES = ["eu", "federal", "state", "municipality", "foundation", "donation", "own_funds", "participant_fees"]


class _Funder(Schema):
    funder_id = Id(required=True)
    name = fields.String(required=True)
    short_name = fields.String(load_default="")
    type = fields.String(required=True, validate=validate.OneOf(FUNDER_TYPES))
    public = fields.Boolean(required=True)
    publicity_notice = fields.String(load_default="")


@contract("finance.funder.created", 1, "A funder was created.")
class FunderCreated(_Funder):
    pass


@contract("finance.funder.updated", 1, "A funder or its rules changed.")
class FunderUpdated(_Funder):
    pass


@contract("finance.funding_plan.validated", 1, "A funding plan version was validated.")
class FundingPlanValidated(Schema):
    plan_id = Id(required=True)
    project_id = Id(required=True)
    version = fields.Integer(required=True)
    valid = fields.Boolean(required=True)
    total_costs = Money(required=True)
    external_funds = Money(required=True)
    municipal_share = Money(required=True)
    failures = fields.List(fields.String(), load_default=list)


class _Grant(Schema):
    grant_id = Id(required=True)
    project_id = Id(required=True)
    funder_id = Id(required=True)
    amount = Money(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    version = fields.Integer(required=True)


@contract("finance.grant.awarded", 1, "A grant (Bewilligung) was awarded to a project.")
class GrantAwarded(_Grant):
    pass


@contract("finance.grant.amended", 1, "A grant was amended (Änderungsbescheid).")
class GrantAmended(_Grant):
    pass


@contract("finance.expense.booked", 1, "An expense was booked in the journal (or reversed).")
class ExpenseBooked(Schema):
    booking_id = Id(required=True)
    project_id = Id(required=True)
    amount = Money(required=True)
    category = fields.String(required=True)
    booking_date = fields.Date(required=True)
    reverses = fields.String(allow_none=True, load_default=None)


@contract("finance.drawdown.approved", 1, "A drawdown request passed the four-eyes approval.")
class DrawdownApproved(Schema):
    drawdown_id = Id(required=True)
    project_id = Id(required=True)
    funder_id = Id(required=True)
    amount = Money(required=True)
    approved_by = fields.String(required=True)


@contract("finance.funding.ending_soon", 1, "A grant period ends within the radar horizon.")
class FundingEndingSoon(Schema):
    grant_id = Id(required=True)
    project_id = Id(required=True)
    funder_id = Id(required=True)
    period_end = fields.Date(required=True)
    months_left = fields.Integer(required=True)


@contract("finance.action_fund.decision_booked", 1, "A micro-project decision was booked against an action fund.")
class ActionFundDecisionBooked(Schema):
    decision_id = Id(required=True)
    fund_id = Id(required=True)
    amount = Money(required=True)
    remaining = Money(required=True)


@contract("finance.action_fund.decision_refused", 1, "A micro-project decision exceeds the action fund.")
class ActionFundDecisionRefused(Schema):
    decision_id = Id(required=True)
    fund_id = fields.String(allow_none=True, load_default=None)
    amount = Money(required=True)
    remaining = Money(required=True)
    reason = fields.String(required=True)
