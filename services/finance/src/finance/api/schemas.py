"""marshmallow schemas at the API edge (unknown fields are refused; money is a decimal string)."""

from datetime import datetime
from decimal import Decimal

from marshmallow import ValidationError, fields, validate, validates_schema

from finance.api.fields import (  # noqa: F401 - Money re-exported
    LIMIT,
    Between,
    Length,
    Money,
    PositiveMoney,
    Range,
    Rate,
    Regexp,
)
from finance.domain.drawdowns import STATUSES
from finance.domain.funders import COST_CATEGORIES, FUNDER_TYPES, REPORT_FORMATS
from servicekit.formats import BERLIN
from servicekit.web.fields import ActorRef, UtcDateTime
from servicekit.web.schemas import Schema

ID_RE = r"^[a-z0-9][a-z0-9_-]{0,63}$"
ID_HINT = "Kleinbuchstaben, Ziffern, - und _ (höchstens 64 Zeichen)."
DUE_RE = r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
OVERRUN_DOC = ("Wie weit die Buchungen auf einer Planposition (je Jahr) ihren Ansatz überschreiten dürfen, als Anteil "
               "(0.20 = 20 %): bis dahin warnt die Buchung, darüber wird sie abgelehnt. Ohne Angabe warnt eine "
               "Überschreitung nur.")


class FunderRulesSchema(Schema):
    max_rate = Rate(allow_none=True)
    min_own_share = Rate(allow_none=True)
    cofinancing_min_public = Rate(allow_none=True)
    joint_group = fields.String(validate=Length(max=40))
    joint_max_rate = Rate(allow_none=True)
    eligible_categories = fields.List(fields.String(validate=validate.OneOf(COST_CATEGORIES)))
    overhead_rate = Rate(allow_none=True)
    excluded_funders = fields.List(fields.String())
    need_rule_weeks = fields.Integer(allow_none=True, validate=Range(1, 52))
    basis = fields.String(validate=validate.OneOf(["expense", "cost"]))
    report_format = fields.String(validate=validate.OneOf(list(REPORT_FORMATS)))
    interim_due = fields.String(validate=Regexp(DUE_RE, hint="MM-TT, z. B. 04-30."))
    final_due_months = fields.Integer(validate=Range(0, 36))
    taper = fields.List(Rate())
    position_overrun_tolerance = Rate(allow_none=True, metadata={"description": OVERRUN_DOC})


class FunderIn(Schema):
    id = fields.String(validate=Regexp(ID_RE, hint=ID_HINT))
    name = fields.String(required=True, validate=Length(min=2, max=200))
    short_name = fields.String(load_default="", validate=Length(max=60))
    type = fields.String(required=True, validate=validate.OneOf(FUNDER_TYPES))
    public = fields.Boolean(required=True)
    publicity_notice = fields.String(load_default="", validate=Length(max=2000))
    rules = fields.Nested(FunderRulesSchema, load_default=dict)


class FunderPatch(Schema):
    name = fields.String(validate=Length(min=2, max=200))
    short_name = fields.String(validate=Length(max=60))
    type = fields.String(validate=validate.OneOf(FUNDER_TYPES))
    public = fields.Boolean()
    publicity_notice = fields.String(validate=Length(max=2000))
    rules = fields.Nested(FunderRulesSchema)


class RuleVersionOut(Schema):
    version = fields.Integer()
    rules = fields.Dict()
    created_by = ActorRef("created_by", "created_by_name")
    created_at = UtcDateTime()


class FunderOut(Schema):
    id = fields.String()
    name = fields.String()
    short_name = fields.String()
    type = fields.String()
    public = fields.Boolean()
    publicity_notice = fields.String()
    rules_version = fields.Integer()
    rules = fields.Dict()
    rule_versions = fields.List(fields.Nested(RuleVersionOut))
    demo = fields.Boolean()


class CostLineIn(Schema):
    position = fields.String(required=True, validate=Length(min=1, max=40))
    category = fields.String(required=True, validate=validate.OneOf(COST_CATEGORIES))
    year = fields.Integer(required=True, validate=Range(2000, 2100))
    amount = Money(required=True, validate=Between(0, LIMIT))
    label = fields.String(load_default="", validate=Length(max=300))


class SourceLineIn(Schema):
    funder_id = fields.String(required=True, validate=Length(min=1, max=64))
    year = fields.Integer(required=True, validate=Range(2000, 2100))
    amount = Money(required=True, validate=Between(0, LIMIT))
    position = fields.String(load_default=None, allow_none=True, validate=Length(min=1, max=40))


class PlanContentIn(Schema):
    costs = fields.List(fields.Nested(CostLineIn), required=True, validate=Length(min=1, max=5000, unit="Zeilen"))
    sources = fields.List(fields.Nested(SourceLineIn), required=True, validate=Length(max=5000, unit="Zeilen"))
    own_means_available = Money(load_default=0, validate=Between(0, LIMIT))

    @validates_schema
    def _totals_fit(self, data, **_):
        for name in ("costs", "sources"):
            if sum((line["amount"] for line in data.get(name) or []), Decimal(0)) > LIMIT:
                raise ValidationError("Die Summe ist zu groß (höchstens 999.999.999.999,99 €).", name)


class PlanIn(PlanContentIn):
    project_id = fields.String(required=True, validate=Length(min=1, max=64))
    title = fields.String(load_default="", validate=Length(max=300))
    note = fields.String(load_default="", validate=Length(max=2000))


class PlanVersionIn(PlanContentIn):
    title = fields.String(load_default="", validate=Length(max=300))
    note = fields.String(load_default="", validate=Length(max=2000))


class FailureOut(Schema):
    rule = fields.String()
    rule_name = fields.String()
    message = fields.String()
    funder_id = fields.String(allow_none=True)


class ValidationOut(Schema):
    id = fields.String()
    project_id = fields.String()
    version = fields.Integer()
    valid = fields.Boolean()
    failures = fields.List(fields.Nested(FailureOut))
    total_costs = Money()
    total_sources = Money()
    external_funds = Money()
    municipal_share = Money()


class GrantIn(Schema):
    id = fields.String(validate=Regexp(ID_RE, hint=ID_HINT))
    project_id = fields.String(required=True, validate=Length(min=1, max=64))
    funder_id = fields.String(required=True, validate=Length(min=1, max=64))
    amount = PositiveMoney(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    reference = fields.String(load_default="", validate=Length(max=120))
    conditions = fields.String(load_default="", validate=Length(max=5000, unit="Zeilen"))


class GrantAmendIn(Schema):
    reason = fields.String(required=True, validate=Length(min=3, max=2000))
    amount = PositiveMoney()
    period_start = fields.Date()
    period_end = fields.Date()
    reference = fields.String(validate=Length(max=120))
    conditions = fields.String(validate=Length(max=5000, unit="Zeilen"))


class GrantVersionOut(Schema):
    version = fields.Integer()
    amount = Money()
    period_start = fields.Date()
    period_end = fields.Date()
    reference = fields.String()
    conditions = fields.String()
    reason = fields.String()
    created_by = ActorRef("created_by", "created_by_name")
    created_at = UtcDateTime()


class GrantOut(Schema):
    id = fields.String()
    project_id = fields.String()
    funder_id = fields.String()
    funder_name = fields.String()
    version = fields.Integer()
    amount = Money()
    period_start = fields.Date()
    period_end = fields.Date()
    reference = fields.String()
    conditions = fields.String()
    reason = fields.String()
    created_by = ActorRef("created_by", "created_by_name")
    versions = fields.List(fields.Nested(GrantVersionOut))


def _not_in_future(day) -> None:
    today = datetime.now(BERLIN).date()
    if day > today:
        raise ValidationError(f"Das Belegdatum {day:%d.%m.%Y} liegt in der Zukunft. Buchen Sie einen Beleg erst, "
                              f"wenn er ausgestellt ist (heute ist der {today:%d.%m.%Y}).")


class ExpenseCorrectionIn(Schema):
    receipt_number = fields.String(required=True, validate=Length(min=1, max=60))
    booking_date = fields.Date(required=True, validate=_not_in_future)
    payee = fields.String(required=True, validate=Length(min=1, max=200))
    purpose = fields.String(required=True, validate=Length(min=1, max=300))
    category = fields.String(required=True, validate=validate.OneOf(COST_CATEGORIES))
    position = fields.String(required=True, validate=Length(min=1, max=40))
    amount = PositiveMoney(required=True)


class ExpenseIn(ExpenseCorrectionIn):
    project_id = fields.String(required=True, validate=Length(min=1, max=64))


class ReversalIn(Schema):
    reason = fields.String(required=True, validate=Length(min=3, max=250))
    correction = fields.Nested(ExpenseCorrectionIn, load_default=None, allow_none=True)


class ExpenseOut(Schema):
    id = fields.String()
    project_id = fields.String()
    plan_id = fields.String()
    plan_version = fields.Integer()
    receipt_number = fields.String()
    booking_date = fields.Date()
    payee = fields.String()
    purpose = fields.String()
    category = fields.String()
    position = fields.String()
    amount = Money()
    reverses = fields.String(allow_none=True)
    reversed = fields.Boolean()
    booked_by = ActorRef("booked_by", "booked_by_name")
    booked_at = UtcDateTime()
    shares = fields.Dict(keys=fields.String(), values=Money())
    warnings = fields.List(fields.String(), metadata={
        "description": "Hinweise, die die Buchung nicht verhindert haben (Planposition oder Anteil eines Gebers "
                       "überschritten); nur in der Antwort auf die Buchung."})


class ExpenseCheckIn(ExpenseIn):
    receipt_number = fields.String(load_default=None, validate=Length(min=1, max=60))
    payee = fields.String(load_default="", validate=Length(max=200))
    purpose = fields.String(load_default="", validate=Length(max=300))
    category = fields.String(load_default=None, validate=validate.OneOf(COST_CATEGORIES))
    booking_date = fields.Date(required=True)  # a future date is one of the refusals the check reports


class ExpenseFinding(Schema):
    field = fields.String(allow_none=True, metadata={"description": "das Eingabefeld, um das es geht"})
    message = fields.String()


class ExpenseCheckOut(Schema):
    bookable = fields.Boolean(metadata={"description": "false: die Buchung würde abgelehnt"})
    refusals = fields.List(fields.Nested(ExpenseFinding))
    warnings = fields.List(fields.Nested(ExpenseFinding))
    shares = fields.Dict(keys=fields.String(), values=Money())


class ReversalOut(Schema):
    reversal = fields.Nested(ExpenseOut)
    correction = fields.Nested(ExpenseOut, allow_none=True)


class JournalQuery(Schema):
    project_id = fields.String()
    category = fields.String(validate=validate.OneOf(COST_CATEGORIES))
    funder_id = fields.String()
    date_from = fields.Date(data_key="from")
    date_to = fields.Date(data_key="to")
    q = fields.String(validate=Length(max=100))


class DrawdownIn(Schema):
    id = fields.String(validate=Regexp(ID_RE, hint=ID_HINT))
    grant_id = fields.String(required=True, validate=Length(min=1, max=64))
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    due_date = fields.Date(required=True)
    amount = PositiveMoney(required=True)
    purpose = fields.String(load_default="", validate=Length(max=300))


class DrawdownOut(Schema):
    id = fields.String()
    project_id = fields.String()
    project_title = fields.String(allow_none=True)
    funder_id = fields.String()
    funder_name = fields.String()
    grant_id = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    due_date = fields.Date()
    amount = Money()
    purpose = fields.String()
    status = fields.String(validate=validate.OneOf(STATUSES))
    created_by = ActorRef("created_by", "created_by_name")
    created_at = UtcDateTime()
    approved_by = ActorRef("approved_by", "approved_by_name")
    approved_at = UtcDateTime(allow_none=True)
    submitted_at = UtcDateTime(allow_none=True)
    received_at = UtcDateTime(allow_none=True)


class StatusQuery(Schema):
    status = fields.String(validate=validate.OneOf(STATUSES))


class DrawdownQuery(StatusQuery):
    project_id = fields.String(validate=Length(max=64))
    funder_id = fields.String(validate=Length(max=64))
    year = fields.Integer(validate=Range(2000, 2100))
    q = fields.String(validate=Length(max=100))


class ProofQuery(Schema):
    kind = fields.String(load_default="final", validate=validate.OneOf(["interim", "final"]))
    year = fields.Integer(validate=Range(2000, 2100))

    @validates_schema
    def _interim_needs_year(self, data, **_):
        if data.get("kind") == "interim" and not data.get("year"):
            raise ValidationError("Ein Zwischennachweis braucht das Haushaltsjahr.", "year")


class ProofSubmissionIn(Schema):
    project_id = fields.String(required=True, validate=Length(min=1, max=64))
    funder_id = fields.String(required=True, validate=Length(min=1, max=64))
    kind = fields.String(required=True, validate=validate.OneOf(["interim", "final"]))
    year = fields.Integer(load_default=None, allow_none=True, validate=Range(2000, 2100))


class ActionFundIn(Schema):
    id = fields.String(validate=Regexp(ID_RE, hint=ID_HINT))
    body_id = fields.String(required=True, validate=Length(min=1, max=64))
    year = fields.Integer(required=True, validate=Range(2000, 2100))
    budget = PositiveMoney(required=True)
    name = fields.String(load_default="", validate=Length(max=200))


class FundBookingOut(Schema):
    decision_id = fields.String()
    number = fields.String()
    title = fields.String()
    amount = Money()
    booked_at = fields.DateTime()
    reason = fields.String()
    at = fields.DateTime()


class ActionFundOut(Schema):
    id = fields.String()
    body_id = fields.String()
    year = fields.Integer()
    name = fields.String()
    budget = Money()
    booked = Money()
    remaining = Money()
    created_by = ActorRef("created_by", "created_by_name")
    bookings = fields.List(fields.Nested(FundBookingOut))
    refusals = fields.List(fields.Nested(FundBookingOut))


class RadarQuery(Schema):
    today = fields.Date()


class RadarViewQuery(RadarQuery):
    months = fields.Integer(validate=Range(1, 60), metadata={
        "description": "Vorschau in Monaten (ohne: die größte Schwelle aus AKTIV_FINANCE_RADAR_MONTHS)"})
