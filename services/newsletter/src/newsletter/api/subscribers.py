"""/api/newsletter/subscribers: list, record with documented consent, consent proof, DSGVO export/erase, CSV."""

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint

from newsletter import listings
from newsletter.api.schemas import StatusOut, SubscriberArgs, SubscriberIn, SubscriberOut
from newsletter.service_layer import csvio, subscriptions
from servicekit.auth import current_principal, require_roles
from servicekit.web import Problem
from servicekit.web.app import runtime_of

blp = Blueprint("subscribers", __name__, url_prefix="/api/newsletter/subscribers", description="Abonnenten")


@blp.route("")
class Subscribers(MethodView):
    @require_roles("newsletter.editor")  # personal data: the department only
    @blp.arguments(SubscriberArgs, location="query")
    @blp.response(200, SubscriberOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        stmt = listings.subscribers(q=args["q"], status=args["status"], topic=args["topic"])
        with runtime_of().engine.connect() as conn:
            return listings.api_page(conn, stmt, pagination_parameters)

    @require_roles("newsletter.editor")
    @blp.arguments(SubscriberIn)
    @blp.response(202, StatusOut)
    def post(self, data):
        """Anmeldung aus dem Fachbereich (z. B. Papierformular): nur mit dokumentierter Einwilligung; die
        Bestätigungsmail geht trotzdem raus."""
        rt = runtime_of()
        subscriptions.subscribe(rt.uow(), rt.settings, email=data["email"], name=data["name"], topics=data["topics"],
                                language=data["language"], consent_text_version=data["consent_text_version"],
                                form=data["consent_form"], source="department", evidence=data["consent_evidence"],
                                actor=current_principal().user)
        return {"status": "pending"}


@blp.route("/export.csv")
class Export(MethodView):
    @require_roles("newsletter.editor")
    @blp.response(200, content_type="text/csv")
    def get(self):
        """CSV mit Einwilligungsnachweis (bestätigte und unbestätigte Adressen)."""
        with runtime_of().engine.connect() as conn:
            body = csvio.export_csv(conn)
        return Response("\ufeff" + body, mimetype="text/csv",
                        headers={"Content-Disposition": "attachment; filename=newsletter-abonnenten.csv"})


@blp.route("/import")
class Import(MethodView):
    @require_roles("newsletter.editor")
    @blp.doc(requestBody={"content": {"text/csv": {"schema": {"type": "string"}}}})
    @blp.response(200)
    def post(self):
        """CSV-Import: nur Zeilen mit dokumentierter Einwilligung; alle bekommen die Bestätigungsmail."""
        if request.mimetype not in ("text/csv", "text/plain"):
            raise Problem(415, "Bitte senden Sie die Datei als text/csv.")
        text = request.get_data(as_text=True)
        return csvio.import_csv(runtime_of(), text, actor=current_principal().user)


@blp.route("/<sid>")
class Subscriber(MethodView):
    @require_roles("newsletter.editor")
    @blp.response(200)
    def get(self, sid):
        """DSGVO-Auskunft (Art. 15): alle gespeicherten Daten mit Einwilligungsnachweis."""
        with runtime_of().engine.connect() as conn:
            return subscriptions.export_subscriber(conn, sid)

    @require_roles("newsletter.editor")
    @blp.response(200, StatusOut)
    def delete(self, sid):
        """DSGVO-Löschung (Art. 17)."""
        return subscriptions.erase(runtime_of().uow(), sid, actor=current_principal().user)


@blp.route("/<sid>/unsubscribe")
class Unsubscribe(MethodView):
    @require_roles("newsletter.editor")
    @blp.response(200, StatusOut)
    def post(self, sid):
        """Abmeldung im Auftrag (z. B. per Telefon)."""
        return subscriptions.unsubscribe(runtime_of().uow(), sid, actor=current_principal().user, via="department")
