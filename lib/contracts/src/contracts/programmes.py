"""Events published by the programmes service."""

from marshmallow import Schema, fields, validate

from contracts.fields import Id
from contracts.registry import contract

STAGES = ["idea", "assessed", "concept", "application", "approved", "running", "closing",
          "evaluated", "sustained", "ended", "rejected", "withdrawn"]


class _ProgrammeBase(Schema):
    programme_id = Id(required=True)
    name = fields.String(required=True)
    short_name = fields.String(load_default="")
    status = fields.String(required=True, validate=validate.OneOf(["acquisition", "applied", "running", "completed"]))
    fields_of_action = fields.List(fields.String(), load_default=list)
    funder_ids = fields.List(fields.String(), load_default=list)
    period_start = fields.Date(allow_none=True, load_default=None)
    period_end = fields.Date(allow_none=True, load_default=None)
    published = fields.Boolean(load_default=False)
    summary = fields.String(load_default="")


@contract("programmes.programme.created", 1, "A funding programme was recorded.")
class ProgrammeCreated(_ProgrammeBase):
    pass


@contract("programmes.programme.updated", 1, "A funding programme changed (status, period, publication...).")
class ProgrammeUpdated(_ProgrammeBase):
    pass


@contract("programmes.programme.started", 1, "A funding programme moved to running.")
class ProgrammeStarted(_ProgrammeBase):
    pass


class _ProjectBase(Schema):
    project_id = Id(required=True)
    title = fields.String(required=True)
    programme_id = fields.String(allow_none=True, load_default=None)
    stage = fields.String(required=True, validate=validate.OneOf(STAGES))
    fields_of_action = fields.List(fields.String(), load_default=list)
    districts = fields.List(fields.String(), load_default=list)


@contract("programmes.project.proposed", 1, "An idea became a project proposal.")
class ProjectProposed(_ProjectBase):
    source = fields.String(load_default="")


@contract("programmes.project.assessed", 1, "The idea workshop assessed a project idea.")
class ProjectAssessed(_ProjectBase):
    score = fields.Integer(required=True)
    passed = fields.Boolean(required=True)


@contract("programmes.project.stage_changed", 1, "A project moved in its lifecycle.")
class ProjectStageChanged(_ProjectBase):
    from_stage = fields.String(required=True, validate=validate.OneOf(STAGES))
    reason = fields.String(load_default="")
    actor = fields.String(load_default="")


@contract("programmes.project.updated", 1, "A project's data changed (title, programme, fields of action, "
          "districts...), published or not.")
class ProjectUpdated(_ProjectBase):
    pass


@contract("programmes.project.published", 1, "A project was published on the public site.")
class ProjectPublished(_ProjectBase):
    summary = fields.String(load_default="")
    funder_notice = fields.String(load_default="")
    url = fields.String(load_default="")


@contract("programmes.project.closed", 1, "A project reached its closing stage.")
class ProjectClosed(_ProjectBase):
    pass


@contract("programmes.project.evaluated", 1, "A project was evaluated.")
class ProjectEvaluated(_ProjectBase):
    attainment_percent = fields.Integer(allow_none=True, load_default=None)


@contract("programmes.report.due", 1, "A narrative report falls due soon.")
class ReportDue(Schema):
    report_id = Id(required=True)
    project_id = Id(required=True)
    funder_id = fields.String(allow_none=True, load_default=None)
    due_date = fields.Date(required=True)
    title = fields.String(required=True)
