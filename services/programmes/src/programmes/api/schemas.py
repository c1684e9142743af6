"""Request and response schemas of the JSON API (unknown fields are refused: marshmallow RAISE)."""

from decimal import Decimal

from marshmallow import ValidationError, fields, validate

from programmes.domain.assessment import CRITERIA
from programmes.domain.lifecycle import STAGES
from programmes.domain.reference import IDEA_SOURCES, PROGRAMME_STATUSES, REPORT_KINDS, REPORT_STATUSES
from servicekit.web.fields import ActorRef, UtcDateTime
from servicekit.web.schemas import Schema

Codes = lambda **kw: fields.List(fields.String(validate=validate.Length(min=1, max=64)), **kw)  # noqa: E731
LIMIT = Decimal("999999999999.99")  # Numeric(14, 2)
#: amounts and indicator values travel as decimal strings ("1234.50") and are documented so
DECIMAL_DOC = {"type": "string", "format": "decimal", "pattern": r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$",
               "example": "1234.50"}


def within_limit(value) -> None:
    if value is not None and abs(value) > LIMIT:
        raise ValidationError("Der Wert ist zu groß.")


def non_negative(value) -> None:
    """Money may not be negative (a function, not Range: Range documents a string bound for Decimals)."""
    within_limit(value)
    if value is not None and value < 0:
        raise ValidationError("Der Betrag darf nicht negativ sein.")


def Number(**kw):  # noqa: N802 - a field factory: a decimal with two places, sent as a string
    kw.setdefault("validate", within_limit)
    return fields.Decimal(as_string=True, places=2, allow_nan=False, metadata=DECIMAL_DOC, **kw)


Money = Number


def between(lo, hi, what="Der Wert"):
    return validate.Range(min=lo, max=hi, error=f"{what} muss zwischen {lo} und {hi} liegen.")


Text = lambda n, **kw: fields.String(validate=validate.Length(max=n), **kw)  # noqa: E731


class FieldOfActionIn(Schema):
    code = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_-]{1,39}$"))
    name = fields.String(required=True, validate=validate.Length(min=2, max=120))


class FieldOfActionPatch(Schema):
    name = fields.String(validate=validate.Length(min=2, max=120))
    active = fields.Boolean(metadata={"description": "false: verschwindet aus Auswahllisten und der öffentlichen "
                                                     "API, bleibt an bestehenden Datensätzen"})


class FieldOfActionOut(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    active = fields.Boolean()
    version = fields.Integer()


class ReadabilityOut(Schema):
    score = fields.Float(allow_none=True)
    label = fields.String()
    warning = fields.String(allow_none=True)


class ProgrammePatch(Schema):
    name = fields.String(validate=validate.Length(min=2, max=200))
    short_name = Text(60)
    status = fields.String(validate=validate.OneOf(list(PROGRAMME_STATUSES)))
    period_start = fields.Date(allow_none=True)
    period_end = fields.Date(allow_none=True)
    fields_of_action = Codes()
    funder_ids = Codes()
    contact = Text(300)
    summary = Text(2000)
    description = Text(20000)


class ProgrammeIn(ProgrammePatch):
    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    status = fields.String(required=True, validate=validate.OneOf(list(PROGRAMME_STATUSES)))


class ProgrammeOut(ProgrammePatch):
    id = fields.String()
    published = fields.Boolean()
    demo = fields.Boolean()
    version = fields.Integer()
    updated_at = UtcDateTime()
    readability = fields.Nested(ReadabilityOut)
    funder_notice = fields.String()


class CallPatch(Schema):
    title = fields.String(validate=validate.Length(min=2, max=200))
    funder_id = fields.String(allow_none=True, validate=validate.Length(max=64))
    deadline = fields.Date()
    fields_of_action = Codes()
    budget_min = Money(allow_none=True, validate=non_negative)
    budget_max = Money(allow_none=True, validate=non_negative)
    link = fields.Url(allow_none=True, validate=validate.Length(max=500),
                      metadata={"description": "null entfernt den Link"})


class CallIn(CallPatch):
    title = fields.String(required=True, validate=validate.Length(min=2, max=200))
    deadline = fields.Date(required=True)


class CallOut(CallIn):
    id = fields.String()
    demo = fields.Boolean()
    version = fields.Integer()


class IdeaPatch(Schema):
    title = fields.String(validate=validate.Length(min=2, max=200))
    description = Text(20000)
    source = fields.String(validate=validate.OneOf(list(IDEA_SOURCES)))
    source_detail = Text(300)
    best_practice = fields.Boolean()
    fields_of_action = Codes()


class IdeaIn(IdeaPatch):
    title = fields.String(required=True, validate=validate.Length(min=2, max=200))
    source = fields.String(required=True, validate=validate.OneOf(list(IDEA_SOURCES)))


class IdeaOut(IdeaPatch):
    version = fields.Integer()
    id = fields.String()
    project_id = fields.String(allow_none=True)
    created_by = ActorRef("created_by", "created_by_name")
    created_at = UtcDateTime()
    demo = fields.Boolean()


class ProjectPatch(Schema):
    title = fields.String(validate=validate.Length(min=2, max=200))
    summary = Text(2000)
    description = Text(20000)
    programme_id = fields.String(allow_none=True, validate=validate.Length(max=64))
    fields_of_action = Codes()
    districts = Codes()
    target_groups = Codes()
    partner_ids = Codes()
    responsible = Text(200)
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)


class ProposeIn(ProjectPatch):
    pass


class ProjectIn(ProjectPatch):
    title = fields.String(required=True, validate=validate.Length(min=2, max=200))
    source = fields.String(validate=validate.OneOf(list(IDEA_SOURCES)))


class ProjectOut(ProjectPatch):
    id = fields.String()
    stage = fields.String()
    source = fields.String()
    idea_id = fields.String(allow_none=True)
    published = fields.Boolean()
    demo = fields.Boolean()
    version = fields.Integer()
    updated_at = UtcDateTime()
    allowed_stages = fields.List(fields.String())
    readability = fields.Nested(ReadabilityOut)


class TransitionIn(Schema):
    to = fields.String(required=True, validate=validate.OneOf(list(STAGES)))
    reason = fields.String(required=True, validate=validate.Length(min=3, max=2000))
    decision_reference = Text(300)


class StageChangeOut(Schema):
    from_stage = fields.String()
    to_stage = fields.String()
    reason = fields.String()
    actor = ActorRef("actor", "actor_name")
    at = UtcDateTime()


class ScoreIn(Schema):
    score = fields.Integer(required=True, strict=True, validate=between(0, 3, "Die Punktzahl"))
    reason = fields.String(required=True, validate=validate.Length(min=3, max=2000))


AssessmentIn = Schema.from_dict({
    **{key: fields.Nested(ScoreIn, required=True, metadata={"description": str(label)})
       for key, label in CRITERIA.items()},
    "assessors": fields.List(fields.String(validate=validate.Length(min=2, max=200)), required=True,
                             validate=validate.Length(min=1)),
}, name="AssessmentIn")


class AssessmentOut(Schema):
    id = fields.String()
    kind = fields.String()
    scores = fields.Dict()
    assessors = fields.List(fields.String())
    total = fields.Integer()
    threshold = fields.Integer()
    passed = fields.Boolean()
    actor = ActorRef("actor", "actor_name")
    at = UtcDateTime()


class ThresholdIn(Schema):
    threshold = fields.Integer(required=True, strict=True, validate=between(0, 21, "Die Schwelle"))


class MeasurementIn(Schema):
    measured_on = fields.Date(required=True)
    value = Number(required=True)
    note = Text(300)


class MeasurementOut(MeasurementIn):
    id = fields.Integer()


class IndicatorPatch(Schema):
    name = fields.String(validate=validate.Length(min=2, max=200))
    unit = Text(40)
    baseline = Number()
    target = Number()


class IndicatorIn(IndicatorPatch):
    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    baseline = Number(required=True)
    target = Number(required=True)


class IndicatorOut(IndicatorIn):
    id = fields.String()
    project_id = fields.String()
    version = fields.Integer()
    attainment_percent = fields.Integer(allow_none=True)
    measurements = fields.List(fields.Nested(MeasurementOut))


class ReportPatch(Schema):
    title = fields.String(validate=validate.Length(min=2, max=200))
    due_date = fields.Date()
    status = fields.String(validate=validate.OneOf(list(REPORT_STATUSES)))
    text = Text(50000)


class ReportIn(ReportPatch):
    title = fields.String(required=True, validate=validate.Length(min=2, max=200))
    due_date = fields.Date(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(list(REPORT_KINDS)))
    funder_id = fields.String(allow_none=True, validate=validate.Length(max=64))


class ReportOut(ReportIn):
    version = fields.Integer()
    id = fields.String()
    project_id = fields.String()
    submitted_on = fields.Date(allow_none=True)


#: the seven criteria re-assessed in the evaluation: every one is required (a missing one is named)
CriteriaIn = Schema.from_dict({
    key: fields.Nested(ScoreIn, required=True, metadata={"description": str(label)}, error_messages={
        "required": f"„{label}“ muss neu bewertet werden (0–3 Punkte mit Begründung)."})
    for key, label in CRITERIA.items()}, name="CriteriaIn")


class EvaluationIn(Schema):
    goal_attainment = fields.String(required=True, validate=validate.Length(min=3, max=20000))
    lessons_learned = Text(20000)
    attainment_percent = fields.Integer(allow_none=True, validate=between(0, 1000))
    criteria = fields.Nested(CriteriaIn, required=True, error_messages={
        "required": "Alle sieben Kriterien müssen neu bewertet werden (je 0–3 Punkte mit Begründung)."},
        metadata={"description": "Die sieben Kriterien der Ideenwerkstatt, neu bewertet"})


class EvaluationOut(EvaluationIn):
    version = fields.Integer()
    criteria = fields.Dict()
    total = fields.Integer(allow_none=True, metadata={"description": "Summe der sieben Kriterien (0–21)"})
    threshold = fields.Integer(allow_none=True, metadata={"description": "Bestehensschwelle zum Zeitpunkt"})
    passed = fields.Boolean(allow_none=True)
    project_id = fields.String()
    actor = ActorRef("actor", "actor_name")
    at = UtcDateTime()


class SustainmentIn(Schema):
    continued_by = fields.String(required=True, validate=validate.Length(min=2, max=200))
    funding = fields.String(required=True, validate=validate.Length(min=2, max=300))
    amount = Money(allow_none=True, validate=non_negative)
    from_date = fields.Date(required=True)
    notes = Text(5000)


class SustainmentOut(SustainmentIn):
    version = fields.Integer()
    project_id = fields.String()


class RadarItemOut(Schema):
    kind = fields.String()
    date = fields.Date()
    project_id = fields.String(allow_none=True)
    project_title = fields.String()
    text = fields.String()
    overdue = fields.Boolean()


class AuditOut(Schema):
    at = UtcDateTime()
    actor = ActorRef("actor", "actor_name")
    entity = fields.String()
    entity_id = fields.String()
    action = fields.String()
    changes = fields.Raw(allow_none=True)
