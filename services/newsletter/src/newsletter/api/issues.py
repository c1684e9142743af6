"""/api/newsletter/issues: compose, preview, test send, schedule, progress."""

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from newsletter import listings, queries
from newsletter.adapters.orm import issue_item
from newsletter.api.schemas import (
    IssueArgs,
    IssueIn,
    IssueOut,
    IssuePatch,
    ProgressOut,
    ScheduleIn,
    StatusOut,
    TestSendIn,
)
from newsletter.mail import IssueTemplate
from newsletter.service_layer import issues
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.links import BODY_ID, link, links

blp = Blueprint("issues", __name__, url_prefix="/api/newsletter/issues", description="Ausgaben")


def _one(issue_id):
    with runtime_of().engine.connect() as conn:
        return queries.issue_with_items(conn, issue_id)


@blp.route("")
class Issues(MethodView):
    @require_roles("newsletter.editor", "viewer")
    @blp.arguments(IssueArgs, location="query")
    @blp.response(200, IssueOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Neueste zuerst, seitenweise; ``q`` sucht in Titel und Einleitung."""
        with runtime_of().engine.connect() as conn:
            rows = listings.api_page(conn, listings.issues(q=args["q"], status=args["status"]),
                                     pagination_parameters)
            items = {}
            for issue_id, news_id in conn.execute(select(issue_item.c.issue_id, issue_item.c.news_id).where(
                    issue_item.c.issue_id.in_([r["id"] for r in rows])).order_by(issue_item.c.position)):
                items.setdefault(issue_id, []).append(news_id)
        return [{**r, "news_ids": items.get(r["id"], [])} for r in rows]

    @require_roles("newsletter.editor")
    @blp.arguments(IssueIn)
    @blp.response(201, IssueOut)
    @blp.doc(**links(201, read=link("/api/newsletter/issues/{issue_id}", issue_id=BODY_ID),
                     update=link("/api/newsletter/issues/{issue_id}", "patch", issue_id=BODY_ID),
                     preview=link("/api/newsletter/issues/{issue_id}/preview", issue_id=BODY_ID)))
    def post(self, data):
        created = issues.create_issue(runtime_of().uow(), actor=current_principal().user, **data)
        return _one(created["id"])


@blp.route("/<issue_id>")
class Issue(MethodView):
    @require_roles("newsletter.editor", "viewer")
    @blp.response(200, IssueOut)
    def get(self, issue_id):
        return _one(issue_id)

    @require_roles("newsletter.editor")
    @blp.arguments(IssuePatch)
    @blp.response(200, IssueOut)
    def patch(self, data, issue_id):
        issues.update_issue(runtime_of().uow(), issue_id, actor=current_principal().user, **data)
        return _one(issue_id)


@blp.route("/<issue_id>/preview")
class Preview(MethodView):
    @require_roles("newsletter.editor", "viewer")
    @blp.response(200, content_type="text/html")
    def get(self, issue_id):
        """HTML-Vorschau, so wie Empfängerinnen sie sehen (Anrede und Abmeldelink als Beispiel)."""
        rt = runtime_of()
        with rt.engine.connect() as conn:
            data, items = issues.load_issue(conn, issue_id)
        mail = IssueTemplate(data, items, rt.settings.public_url).personalise(
            "Erika Mustermann", f"{rt.settings.public_url}/newsletter/abmelden?token=VORSCHAU")
        return Response(mail.html, mimetype="text/html")


@blp.route("/<issue_id>/schedule")
class Schedule(MethodView):
    @require_roles("newsletter.editor")
    @blp.arguments(ScheduleIn)
    @blp.response(200, StatusOut)
    def post(self, data, issue_id):
        """Versand planen (``at``) oder sofort senden (ohne ``at``)."""
        return issues.schedule(runtime_of().uow(), issue_id, at=data["at"], actor=current_principal().user)

    @require_roles("newsletter.editor")
    @blp.response(200, StatusOut)
    def delete(self, issue_id):
        return issues.unschedule(runtime_of().uow(), issue_id, actor=current_principal().user)


@blp.route("/<issue_id>/test")
class TestSend(MethodView):
    @require_roles("newsletter.editor")
    @blp.arguments(TestSendIn)
    @blp.response(202, StatusOut)
    def post(self, data, issue_id):
        rt = runtime_of()
        return issues.test_send(rt.uow(), rt.settings, issue_id, to=data["to"], actor=current_principal().user,
                                language=data["language"])


@blp.route("/<issue_id>/progress")
class Progress(MethodView):
    @require_roles("newsletter.editor", "viewer")
    @blp.response(200, ProgressOut)
    def get(self, issue_id):
        """Versandstand: gesendet/gesamt, Rate (Mails/s), voraussichtliche Restzeit."""
        with runtime_of().engine.connect() as conn:
            return issues.issue_progress(conn, issue_id)
