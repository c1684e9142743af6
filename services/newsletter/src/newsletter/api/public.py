"""/api/newsletter/public/…: subscribe, confirm, unsubscribe (RFC 8058), topics, archive, news, RSS. No token."""

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import ValidationError

from newsletter import listings, queries
from newsletter.api.schemas import (
    PublicIssueDetailOut,
    PublicIssueOut,
    PublicNewsOut,
    SearchArgs,
    StatusOut,
    SubscribeIn,
    TokenIn,
    TopicOut,
)
from newsletter.service_layer import subscriptions
from servicekit import text
from servicekit.web import Problem
from servicekit.web.app import runtime_of

blp = Blueprint("public", __name__, url_prefix="/api/newsletter/public", description="Öffentliche Schnittstelle")


@blp.route("/subscriptions")
class Subscriptions(MethodView):
    @blp.arguments(SubscribeIn)
    @blp.response(202, StatusOut)
    def post(self, data):
        """Anmeldung (Double-Opt-in): dieselbe Antwort, ob die Adresse bekannt ist oder nicht."""
        rt = runtime_of()
        subscriptions.subscribe(rt.uow(), rt.settings, email=data["email"], name=data["name"],
                                topics=data["topics"], language=data["language"],
                                consent_text_version=data["consent_text_version"], form=data["form"])
        return {"status": "pending"}


@blp.route("/subscriptions/confirm")
class Confirm(MethodView):
    @blp.arguments(TokenIn)
    @blp.response(200, StatusOut)
    def post(self, data):
        """Bestätigung per Link: abgelaufen oder verändert → 400 mit deutschem Hinweis."""
        rt = runtime_of()
        return subscriptions.confirm(rt.uow(), rt.settings, data["token"])


@blp.route("/unsubscribe")
class Unsubscribe(MethodView):
    @blp.doc(requestBody={"content": {
        "application/json": {"schema": TokenIn},
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
            "List-Unsubscribe": {"type": "string", "enum": ["One-Click"]}}}}}})
    @blp.response(200, StatusOut)
    def post(self):
        """Abmeldung mit einem Klick: JSON ``{token}`` oder RFC 8058 (Formular ``List-Unsubscribe=One-Click``,
        Token in ``?token=``)."""
        if request.mimetype == "application/json":
            try:
                token = TokenIn().load(request.get_json(silent=True) or {})["token"]
            except ValidationError as exc:
                raise Problem(422, errors=exc.messages) from exc
        else:
            if request.form.get("List-Unsubscribe") != "One-Click":
                raise Problem(400, "Für die Abmeldung mit einem Klick fehlt „List-Unsubscribe=One-Click“.")
            token = request.args.get("token") or request.form.get("token") or ""
        rt = runtime_of()
        return subscriptions.unsubscribe_by_token(rt.uow(), rt.settings, token)


@blp.route("/topics")
class Topics(MethodView):
    @blp.response(200, TopicOut(many=True))
    def get(self):
        with runtime_of().engine.connect() as conn:
            return queries.topics(conn)


@blp.route("/issues")
class Issues(MethodView):
    @blp.arguments(SearchArgs, location="query")
    @blp.response(200, PublicIssueOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with runtime_of().engine.connect() as conn:
            rows = listings.api_page(conn, queries.public_issues_stmt(args["q"]), pagination_parameters)
        return [queries.public_issue_row(r) for r in rows]


@blp.route("/issues/<issue_id>")
class IssueDetail(MethodView):
    @blp.response(200, PublicIssueDetailOut)
    def get(self, issue_id):
        with runtime_of().engine.connect() as conn:
            return queries.public_issue(conn, issue_id)


@blp.route("/news")
class News(MethodView):
    @blp.arguments(SearchArgs, location="query")
    @blp.response(200, PublicNewsOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with runtime_of().engine.connect() as conn:
            rows = listings.api_page(conn, queries.public_news_stmt(args["q"]), pagination_parameters)
        return [queries.public_news_row(r) for r in rows]


@blp.route("/feed.rss")
class Feed(MethodView):
    @blp.response(200, content_type="application/rss+xml")
    def get(self):
        """RSS 2.0 des Archivs (feedgen)."""
        from datetime import UTC

        from feedgen.feed import FeedGenerator

        rt = runtime_of()
        base = rt.settings.public_url
        fg = FeedGenerator()
        fg.title("Kaufbeuren aktiv – Newsletter")
        fg.link(href=f"{base}/newsletter/archiv", rel="alternate")
        fg.description("Alle Ausgaben des Newsletters von Kaufbeuren aktiv")
        fg.language("de")
        with rt.engine.connect() as conn:
            rows = queries.public_issues(conn, limit=50)
        for row in reversed(rows):
            entry = fg.add_entry()
            entry.id(f"{base}/newsletter/archiv/{row['id']}")
            # stored text may hold control characters from before the input rule (Word's \x0b): XML cannot
            entry.title(text.for_output(row["title"]))
            entry.link(href=f"{base}/newsletter/archiv/{row['id']}")
            entry.description(text.for_output(row["summary"] or row["title"]))
            if row["sent_at"]:
                sent = row["sent_at"] if row["sent_at"].tzinfo else row["sent_at"].replace(tzinfo=UTC)
                entry.pubDate(sent)
        return Response(fg.rss_str(pretty=True), mimetype="application/rss+xml")
