"""/api/finance/budget/<project_id>: plan against actual (Soll-Ist-Vergleich) of a project: planned, granted,
booked and drawn per funder, per year and per plan position, and per funder the share still open."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from finance import budget
from finance.api._util import READ_ROLES, read
from finance.api.schemas import Money
from servicekit.auth import require_roles
from servicekit.web.schemas import Schema

blp = Blueprint("budget", __name__, url_prefix="/api/finance/budget", description="Soll-Ist-Vergleich")

SHARE = {"type": "string", "format": "decimal", "nullable": True, "example": "0.25"}


class TotalsOut(Schema):
    planned = Money()
    granted = Money()
    booked = Money()
    drawn = Money()
    external_open = Money(metadata={"description": "offen bei allen Drittmittelgebern zusammen"})


class FunderFiguresOut(Schema):
    funder_id = fields.String()
    funder_name = fields.String()
    own = fields.Boolean(metadata={"description": "Eigenmittel oder Kommune"})
    planned = Money()
    granted = Money()
    booked = Money(metadata={"description": "Anteil dieses Gebers an den Buchungen (netto nach Stornos)"})
    drawn = Money(metadata={"description": "eingereichte und eingegangene Mittelabrufe"})
    open = Money(metadata={"description": "Bewilligung (ohne Bewilligung: geplanter Anteil) minus gebucht"})
    open_share = fields.Decimal(as_string=True, places=4, allow_none=True, metadata=SHARE)


class YearFiguresOut(Schema):
    year = fields.Integer()
    planned = Money()
    granted = Money()
    booked = Money()
    drawn = Money()


class PositionFiguresOut(Schema):
    position = fields.String()
    label = fields.String()
    category = fields.String()
    category_name = fields.String()
    year = fields.Integer()
    planned = Money()
    booked = Money()
    rest = Money()
    used = fields.Decimal(as_string=True, places=4, allow_none=True, metadata=SHARE)
    over = fields.Boolean()


class BudgetOut(Schema):
    project_id = fields.String()
    project_title = fields.String()
    plan_id = fields.String()
    plan_title = fields.String()
    plan_version = fields.Integer()
    plan_valid = fields.Boolean()
    totals = fields.Nested(TotalsOut)
    funders = fields.List(fields.Nested(FunderFiguresOut))
    years = fields.List(fields.Nested(YearFiguresOut))
    positions = fields.List(fields.Nested(PositionFiguresOut))


@blp.route("/<project_id>")
class Budget(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, BudgetOut)
    def get(self, project_id):
        """Plan against actual of the project's funding plan (its current version); 404 without a plan."""
        return budget.rows(read(budget.plan_vs_actual, project_id))
