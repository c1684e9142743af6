"""/api/newsletter/news: the news queue (drafts from events wait for approval)."""

from flask.views import MethodView
from flask_smorest import Blueprint

from newsletter import listings, queries
from newsletter.adapters.orm import news_item
from newsletter.api.schemas import DecisionIn, NewsArgs, NewsIn, NewsOut, NewsPatch
from newsletter.service_layer import news
from newsletter.service_layer.common import fetch
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.links import BODY_ID, link, links

blp = Blueprint("news", __name__, url_prefix="/api/newsletter/news", description="Meldungen")
ITEM = "/api/newsletter/news/{news_id}"


def _one(news_id: str) -> dict:
    with runtime_of().engine.connect() as conn:
        return queries.with_readability(fetch(conn, news_item, news_id, "Die Meldung"))


@blp.route("")
class NewsList(MethodView):
    @require_roles("newsletter.editor", "viewer")
    @blp.arguments(NewsArgs, location="query")
    @blp.response(200, NewsOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Neueste zuerst; ``q`` sucht in Überschrift, Text und dem Namen, um den es geht."""
        stmt = listings.news(q=args["q"], status=args["status"], origin=args["origin"])
        with runtime_of().engine.connect() as conn:
            return [queries.with_readability(r) for r in listings.api_page(conn, stmt, pagination_parameters)]

    @require_roles("newsletter.editor")
    @blp.arguments(NewsIn)
    @blp.response(201, NewsOut)
    @blp.doc(**links(201, read=link(ITEM, news_id=BODY_ID), update=link(ITEM, "patch", news_id=BODY_ID),
                     decide=link(ITEM + "/decision", "post", news_id=BODY_ID)))
    def post(self, data):
        created = news.create_news(runtime_of().uow(), actor=current_principal().user, **data)
        return _one(created["id"])


@blp.route("/<news_id>")
class NewsItem(MethodView):
    @require_roles("newsletter.editor", "viewer")
    @blp.response(200, NewsOut)
    def get(self, news_id):
        """Mit Lesbarkeitswert (Amstad) des Textes."""
        return _one(news_id)

    @require_roles("newsletter.editor")
    @blp.arguments(NewsPatch)
    @blp.response(200, NewsOut)
    def patch(self, data, news_id):
        news.update_news(runtime_of().uow(), news_id, actor=current_principal().user, **data)
        return _one(news_id)


@blp.route("/<news_id>/decision")
class Decision(MethodView):
    @require_roles("newsletter.editor")
    @blp.arguments(DecisionIn)
    @blp.response(200, NewsOut)
    def post(self, data, news_id):
        """Redaktionelle Freigabe oder Ablehnung."""
        news.decide(runtime_of().uow(), news_id, approve=data["approve"], actor=current_principal().user)
        return _one(news_id)
