"""/api/finance/action-funds: annual action funds (Aktionsfonds) of monitoring committees."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from finance import queries
from finance.api._util import READ_ROLES, actor, read, sql_page, uow
from finance.api.fields import Length, Range
from finance.api.schemas import ActionFundIn, ActionFundOut
from finance.service_layer import action_funds as handlers
from servicekit.auth import require_roles
from servicekit.web.fields import ActorRef, UtcDateTime
from servicekit.web.i18n import Msg
from servicekit.web.links import BODY_ID, link, links
from servicekit.web.problems import Problem
from servicekit.web.schemas import Schema

blp = Blueprint("action_funds", __name__, url_prefix="/api/finance/action-funds", description="Aktionsfonds")


class ActionFundQuery(Schema):
    q = fields.String(validate=Length(max=200), metadata={"description": "Suche in der Bezeichnung"})
    year = fields.Integer(validate=Range(2000, 2100))


class ActionFundNamedOut(ActionFundOut):
    created_by = ActorRef("created_by", "created_by_name")
    created_at = UtcDateTime()


def _page(conn, pagination_parameters, args) -> list[dict]:
    rows = sql_page(conn, pagination_parameters, queries.action_fund_filtered(q=args.get("q", ""),
                                                                              year=args.get("year")))
    return [queries.with_bookings(conn, queries.with_remaining(r)) for r in rows]


@blp.route("")
class ActionFunds(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(ActionFundQuery, location="query")
    @blp.response(200, ActionFundNamedOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Action funds, newest year first, searched, filtered and paged in SQL."""
        return read(_page, pagination_parameters, args)

    @require_roles("finance.clerk")
    @blp.arguments(ActionFundIn)
    @blp.response(201, ActionFundNamedOut)
    @blp.doc(**links(201, read=link("/api/finance/action-funds/{fund_id}", fund_id=BODY_ID)))
    def post(self, data):
        """Aktionsfonds anlegen; ``body_id`` muss ein Gremium sein, das die Bürgerbeteiligung gemeldet hat (oder
        das schon einen Aktionsfonds hat), sonst 422 auf ``body_id``."""
        known_body(data["body_id"])
        row = handlers.create_fund(uow(), actor=actor(), **data)
        return read(queries.action_fund_detail, row["id"])


@blp.route("/<fund_id>")
class ActionFundItem(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, ActionFundNamedOut)
    def get(self, fund_id):
        return read(queries.action_fund_detail, fund_id)


def known_body(body_id: str) -> None:
    """422 on ``body_id`` when finance never heard of that body: a fund for a mistyped body would never be booked
    against (participation's decisions name the body by its id)."""
    if not read(queries.body_known, body_id):
        message = Msg("Das Gremium „%(id)s“ ist in der Finanzverwaltung nicht bekannt. Bitte ein Gremium wählen, "
                      "das die Bürgerbeteiligung angelegt hat.", id=body_id)
        raise Problem(422, message, errors={"body_id": [str(message)]})
