"""/api/newsletter/bounces: DSN bounce mails (RFC 3464) posted raw, and the bounce list."""

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from newsletter import listings
from newsletter.api.schemas import SearchArgs
from newsletter.service_layer.bounces import record_dsn
from servicekit.auth import current_principal, require_roles
from servicekit.web import Problem
from servicekit.web.app import runtime_of

blp = Blueprint("bounces", __name__, url_prefix="/api/newsletter/bounces", description="Unzustellbare Mails")


@blp.route("")
class Bounces(MethodView):
    @require_roles("newsletter.editor")  # personal data: the department only
    @blp.arguments(SearchArgs, location="query")
    @blp.response(200)
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Neueste zuerst, seitenweise; ``q`` sucht in Adresse, Statuscode und Meldung des Servers."""
        with runtime_of().engine.connect() as conn:
            rows = listings.api_page(conn, listings.bounces(q=args["q"]), pagination_parameters)
        return [{**b, "received_at": b["received_at"].isoformat()} for b in rows]

    @require_roles("newsletter.editor")
    @blp.doc(requestBody={"content": {"message/rfc822": {"schema": {"type": "string"}}}})
    @blp.response(200)
    def post(self):
        """Eine Rückläufer-Mail (DSN, multipart/report) im Rohformat einliefern."""
        if request.mimetype not in ("message/rfc822", "text/plain", "application/octet-stream"):
            raise Problem(415, "Bitte senden Sie die Rückläufer-Mail im Rohformat (message/rfc822).")
        raw = request.get_data()
        if not raw:
            raise Problem(400, "Die Rückläufer-Mail ist leer.")
        rt = runtime_of()
        results = record_dsn(rt.uow(), raw, source="api", actor=current_principal().user,
                             soft_limit=int(rt.settings.get("SOFT_BOUNCE_LIMIT", "3") or 3))
        if not results:
            raise Problem(422, "Das ist keine Zustellbenachrichtigung (DSN, RFC 3464) mit fehlgeschlagenen "
                               "Empfängern.")
        return {"bounces": results}
