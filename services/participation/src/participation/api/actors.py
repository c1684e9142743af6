"""/api/participation/persons: persons, consent records, DSGVO export and erase, volunteer certificate."""

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from participation import queries
from participation.adapters import pdf
from participation.api.common import (
    EDITOR,
    PERSONAL,
    actor,
    connect,
    file_name,
    in_language,
    page_sql,
    pdf_response,
    reader_language,
    uow,
)
from participation.api.schemas import ConsentIn, ConsentOut, PersonIn, PersonOut, Query
from participation.service_layer import actors
from participation.ui import labels
from servicekit.auth import require_roles

blp = Blueprint("persons", __name__, url_prefix="/api/participation/persons",
                description="Personen, Einwilligungen und Datenschutz (DSGVO)")


@blp.route("")
class Persons(MethodView):
    @require_roles(*PERSONAL)
    @blp.arguments(Query, location="query")
    @blp.response(200, PersonOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with connect() as conn:
            return page_sql(conn, queries.persons_stmt(args["q"]), pagination_parameters)

    @require_roles(EDITOR)
    @blp.arguments(PersonIn)
    @blp.response(201, PersonOut)
    def post(self, data):
        return actors.create_person(uow(), actor=actor(), **data)


@blp.route("/<person_id>")
class Person(MethodView):
    @require_roles(*PERSONAL)
    @blp.response(200, PersonOut)
    def get(self, person_id):
        with connect() as conn:
            return queries.person_detail(conn, person_id)


@blp.route("/<person_id>/consents")
class Consents(MethodView):
    @require_roles(*PERSONAL)
    @blp.response(200, ConsentOut(many=True))
    def get(self, person_id):
        with connect() as conn:
            return actors.export_person(conn, person_id)["consents"]

    @require_roles(EDITOR)
    @blp.arguments(ConsentIn)
    @blp.response(201, ConsentOut)
    def post(self, data, person_id):
        return actors.record_consent(uow(), person_id, actor=actor(), **data)


@blp.route("/<person_id>/consents/<consent_id>/withdraw", methods=["POST"])
@require_roles(EDITOR)
@blp.response(200, ConsentOut)
def withdraw(person_id, consent_id):
    return actors.withdraw_consent(uow(), consent_id, actor=actor())


@blp.route("/<person_id>/export", methods=["GET"])
@require_roles(EDITOR)
@blp.response(200)
def export_json(person_id):
    """Auskunft nach Art. 15 DSGVO als JSON."""
    with connect() as conn:
        data = actors.export_person(conn, person_id)
    with uow() as w:
        w.audit(actor=actor(), entity="person", entity_id=person_id, action="exported")
        w.commit()
    return jsonify(pdf.jsonable(data))


@blp.route("/<person_id>/export.pdf", methods=["GET"])
@require_roles(EDITOR)
@blp.response(200, content_type="application/pdf")
def export_pdf(person_id):
    """Auskunft nach Art. 15 DSGVO als PDF, in der Sprache des Lesers."""
    with connect() as conn:
        data = actors.export_person(conn, person_id)
        names = queries.names_for_export(conn, data)
    lang = reader_language()
    with in_language(lang):
        document = pdf.person_export(data, names, lang)
    word = "Data-access" if lang == "en" else "Datenauskunft"
    return pdf_response(document, file_name(word, labels.person_name(data["person"]["name"])))


@blp.route("/<person_id>/erase", methods=["POST"])
@require_roles(EDITOR)
@blp.response(200, PersonOut)
def erase(person_id):
    """Löschung nach Art. 17 DSGVO durch Anonymisierung."""
    return actors.erase_person(uow(), person_id, actor=actor())


@blp.route("/<person_id>/certificate.pdf", methods=["GET"])
@require_roles(EDITOR)
@blp.response(200, content_type="application/pdf")
def certificate(person_id):
    """Ehrenamtsnachweis: geleistete Stunden je Engagement."""
    with connect() as conn:
        p = queries.person_detail(conn, person_id)
        rows = queries.hours_of(conn, person_id)
    lang = reader_language()
    with in_language(lang):
        document = pdf.certificate(p, rows, lang)
    word = "Volunteer-certificate" if lang == "en" else "Ehrenamtsnachweis"
    return pdf_response(document, file_name(word, labels.person_name(p["name"])))
