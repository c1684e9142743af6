"""/api/programmes/projects/<id>/assessments and /api/programmes/workshop: the idea workshop."""

from flask.views import MethodView
from flask_smorest import Blueprint

from programmes.api.common import READ_ROLES, WRITE_ROLES, actor, rt
from programmes.api.schemas import AssessmentIn, AssessmentOut, ThresholdIn
from programmes.domain.assessment import CRITERIA, InvalidAssessment
from programmes.service_layer import workshop as handlers
from servicekit.auth import require_roles
from servicekit.web import Problem

blp = Blueprint("workshop", __name__, url_prefix="/api/programmes", description="Ideenwerkstatt")


@blp.route("/projects/<project_id>/assessments")
class Assessments(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, AssessmentOut(many=True))
    def get(self, project_id):
        with rt().uow() as uow:
            return handlers.assessments(uow.session, project_id)

    @require_roles(*WRITE_ROLES)
    @blp.arguments(AssessmentIn)
    @blp.response(201, AssessmentOut)
    def post(self, data, project_id):
        """Bewertung nach den sieben Kriterien (je 0–3 Punkte mit Begründung)."""
        scores = {key: data[key] for key in CRITERIA}
        try:
            return handlers.assess(rt().uow(), project_id, scores=scores, assessors=data["assessors"],
                                   actor=actor())
        except InvalidAssessment as exc:
            raise Problem(422, errors=exc.errors) from exc


@blp.route("/workshop")
class Workshop(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, ThresholdIn)
    def get(self):
        """Bestehensschwelle der Ideenwerkstatt (von 21 Punkten)."""
        with rt().uow() as uow:
            return {"threshold": handlers.threshold(uow.session)}

    @require_roles(*WRITE_ROLES)
    @blp.arguments(ThresholdIn)
    @blp.response(200, ThresholdIn)
    def put(self, data):
        return {"threshold": handlers.set_threshold(rt().uow(), data["threshold"], actor=actor())}
