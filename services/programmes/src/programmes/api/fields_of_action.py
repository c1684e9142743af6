"""/api/programmes/fields-of-action, /districts, /target-groups: reference data."""

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from programmes.adapters.orm import district, field_of_action, target_group
from programmes.api.common import READ_ROLES, WRITE_ROLES, actor, rt, sql_page, tag
from programmes.api.schemas import FieldOfActionIn, FieldOfActionOut, FieldOfActionPatch
from programmes.domain.reference import NotFound
from programmes.service_layer import handlers
from servicekit.auth import require_roles
from servicekit.web.i18n import Msg


def _reference_blueprint(kind: str, table, path: str, title: str) -> Blueprint:
    blp = Blueprint(kind, __name__, url_prefix=f"/api/programmes/{path}", description=title)

    @blp.route("")
    class Reference(MethodView):
        @require_roles(*READ_ROLES)
        @blp.response(200, FieldOfActionOut(many=True))
        @blp.paginate()
        def get(self, pagination_parameters):
            with rt().engine.connect() as conn:
                return sql_page(conn, select(table).order_by(table.c.name, table.c.id), pagination_parameters)

        @require_roles(*WRITE_ROLES)
        @blp.arguments(FieldOfActionIn)
        @blp.response(201, FieldOfActionOut)
        def post(self, data):
            row = handlers.create_reference(rt().uow(), kind, actor=actor(), **data)
            blp.set_etag(tag(row))
            return row

    @blp.route("/<code>")
    class Entry(MethodView):
        @require_roles(*READ_ROLES)
        @blp.etag
        @blp.response(200, FieldOfActionOut)
        def get(self, code):
            """Ein Eintrag mit ETag (für If-Match beim Ändern)."""
            with rt().engine.connect() as conn:
                row = conn.execute(select(table).where(table.c.code == code)).mappings().first()
            if row is None:
                raise NotFound(Msg("Den Eintrag „%(code)s“ gibt es nicht.", code=code))
            blp.set_etag(tag(row))
            return row

        @require_roles(*WRITE_ROLES)
        @blp.etag
        @blp.arguments(FieldOfActionPatch)
        @blp.response(200, FieldOfActionOut)
        def patch(self, data, code):
            """Umbenennen oder (de)aktivieren; deaktivierte Einträge bleiben an bestehenden Datensätzen
            (If-Match mit dem ETag nötig: 428 ohne, 412 wenn inzwischen geändert)."""
            row = handlers.update_reference(rt().uow(), kind, code, actor=actor(),
                                            check=lambda before: blp.check_etag(tag(before)), **data)
            blp.set_etag(tag(row))
            return row

    return blp


blp = _reference_blueprint("field_of_action", field_of_action, "fields-of-action", "Handlungsfelder")
districts_blp = _reference_blueprint("district", district, "districts", "Stadtteile")
target_groups_blp = _reference_blueprint("target_group", target_group, "target-groups", "Zielgruppen")
