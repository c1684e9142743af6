"""/api/programmes/ideas: idea acquisition (Ideenakquise) and the best-practice library."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from programmes import lists
from programmes.adapters.orm import idea
from programmes.api.common import READ_ROLES, WRITE_ROLES, actor, check_codes, rt, sql_page, tag
from programmes.api.schemas import IdeaIn, IdeaOut, IdeaPatch, ProjectOut, ProposeIn
from programmes.service_layer import programmes as handlers
from programmes.service_layer.common import load
from servicekit.auth import require_roles
from servicekit.web.schemas import Schema

blp = Blueprint("ideas", __name__, url_prefix="/api/programmes/ideas", description="Ideen")


class IdeaQuery(Schema):
    q = fields.String()
    source = fields.String()
    best_practice = fields.Boolean()
    field = fields.String()


@blp.route("")
class Ideas(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(IdeaQuery, location="query")
    @blp.response(200, IdeaOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with rt().engine.connect() as conn:
            return sql_page(conn, lists.ideas_stmt(**args), pagination_parameters)

    @require_roles(*WRITE_ROLES)
    @blp.arguments(IdeaIn)
    @blp.response(201, IdeaOut)
    def post(self, data):
        check_codes(data)
        return handlers.create_idea(rt().uow(), actor=actor(), **data)


@blp.route("/<idea_id>")
class Idea(MethodView):
    @require_roles(*READ_ROLES)
    @blp.etag
    @blp.response(200, IdeaOut)
    def get(self, idea_id):
        with rt().engine.connect() as conn:
            row = load(conn, idea, idea_id, "Die Idee")
        blp.set_etag(tag(row))
        return row

    @require_roles(*WRITE_ROLES)
    @blp.etag
    @blp.arguments(IdeaPatch)
    @blp.response(200, IdeaOut)
    def patch(self, data, idea_id):
        """Idee ändern (If-Match mit dem ETag nötig: 428 ohne, 412 wenn inzwischen geändert)."""
        with rt().engine.connect() as conn:
            check_codes(data, current=load(conn, idea, idea_id, "Die Idee"))
        row = handlers.update_idea(rt().uow(), idea_id, actor=actor(),
                                   check=lambda before: blp.check_etag(tag(before)), **data)
        blp.set_etag(tag(row))
        return row


@blp.route("/<idea_id>/proposal")
class Proposal(MethodView):
    @require_roles(*WRITE_ROLES)
    @blp.arguments(ProposeIn)
    @blp.response(201, ProjectOut)
    def post(self, data, idea_id):
        """Aus der Idee ein Projekt (Phase „Idee“) vorschlagen."""
        check_codes(data)
        return handlers.propose_project(rt().uow(), idea_id, actor=actor(), **data)
