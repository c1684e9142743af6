"""/api/finance/portfolio: external funds vs municipal co-financing per budget year."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from finance import queries
from finance.api._util import READ_ROLES, read
from finance.api.schemas import Money
from servicekit.auth import require_roles
from servicekit.web.schemas import Schema

blp = Blueprint("portfolio", __name__, url_prefix="/api/finance/portfolio", description="Portfolio")


class Row(Schema):
    year = fields.Integer()
    field = fields.String()
    district = fields.String()
    funder_type = fields.String()
    external = Money()
    municipal = Money()


class Totals(Schema):
    external = Money(metadata={"description": "Drittmittel: Summe der aktuellen bewilligten Beträge aller Geber "
                                              "außer Kommune und Eigenmitteln (= Summe von years[].external)"})
    municipal = Money(metadata={"description": "kommunaler Anteil: Kommunal- und Eigenmittel gültiger Pläne "
                                               "von Projekten ab der Bewilligung"})


class PortfolioOut(Schema):
    years = fields.List(fields.Nested(Row))
    by_field = fields.List(fields.Nested(Row))
    by_district = fields.List(fields.Nested(Row))
    by_funder_type = fields.List(fields.Nested(Row))
    totals = fields.Nested(Totals)


@blp.route("")
class Portfolio(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, PortfolioOut)
    def get(self):
        return read(queries.portfolio)
