"""News queue: drafts from events wait for approval; editor with the readability score."""

from flask import abort, flash, redirect, render_template, request, url_for

from newsletter import listings, queries
from newsletter.adapters.orm import news_item
from newsletter.domain.model import NEWS_STATES, NewsletterError, NotFound
from newsletter.service_layer import news
from newsletter.service_layer.common import fetch
from newsletter.service_layer.origins import ORIGIN_LABELS
from newsletter.ui.filters import DATE_FILTERS, choice, period
from newsletter.ui.forms import DecisionForm, NewsForm
from newsletter.ui.labels import DECIDED, error_text, label, origin, origin_choices, readability
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _
from servicekit.web.listing import Listing

PAGE_SIZE = 25


def _shown(row: dict) -> dict:
    """A news item as the screens show it: readability in the reader's language, origin by name."""
    row = queries.with_readability(row)
    row["readability"] = readability(row["readability"])
    row["origin"] = origin(row)
    return row


def register(bp) -> None:
    @bp.get("/meldungen")
    @require_roles("newsletter.editor", "viewer")
    def news_list():
        listing = Listing.from_request(page_size=PAGE_SIZE, filters=("status", "herkunft", *DATE_FILTERS))
        status = choice(listing, "status", NEWS_STATES)
        source = choice(listing, "herkunft", ORIGIN_LABELS)
        since, until, errors = period(listing)
        with runtime_of().engine.connect() as conn:
            page = listing.fetch(conn, listings.news(q=listing.q, status=status, origin=source, since=since,
                                                     until=until))
        page.rows = [_shown(r) for r in page.rows]
        return render_template("newsletter/news_list.html", page=page, listing=listing, status=status,
                               origins=origin_choices(), filter_errors=errors, decision=DecisionForm())

    @bp.route("/meldungen/neu", methods=["GET", "POST"])
    @require_roles("newsletter.editor")
    def news_new():
        form = NewsForm()
        if form.validate_on_submit():
            created = news.create_news(runtime_of().uow(), title=form.title.data, summary=form.summary.data or "",
                                       body=form.body.data or "", funder_notice=form.funder_notice.data or "",
                                       link=form.link.data or "", actor=current_principal().user)
            flash(_("Die Meldung ist angelegt und wartet auf Freigabe."), "success")
            return redirect(url_for("ui.news_edit", news_id=created["id"]))
        return render_template("newsletter/news_edit.html", form=form, item=None), (422 if form.errors else 200)

    @bp.route("/meldungen/<news_id>", methods=["GET", "POST"])
    @require_roles("newsletter.editor", "viewer")
    def news_edit(news_id):
        rt = runtime_of()
        with rt.engine.connect() as conn:
            try:
                item = _shown(fetch(conn, news_item, news_id, "Die Meldung"))
            except NotFound:
                abort(404)
        form = NewsForm(data=item if request.method == "GET" else None)
        if form.validate_on_submit():
            if not current_principal().has_any(["newsletter.editor"]):
                abort(403)
            news.update_news(rt.uow(), news_id, actor=current_principal().user, title=form.title.data,
                             summary=form.summary.data or "", body=form.body.data or "",
                             funder_notice=form.funder_notice.data or "", link=form.link.data or "")
            if form.approve.data and item["status"] == "draft":
                news.decide(rt.uow(), news_id, approve=True, actor=current_principal().user)
                flash(_("Gespeichert und freigegeben."), "success")
            else:
                flash(_("Gespeichert."), "success")
            return redirect(url_for("ui.news_edit", news_id=news_id))
        return render_template("newsletter/news_edit.html", form=form, item=item, decision=DecisionForm()), \
            (422 if form.errors else 200)

    @bp.post("/meldungen/<news_id>/entscheidung")
    @require_roles("newsletter.editor")
    def news_decide(news_id):
        form = DecisionForm()
        if not form.validate_on_submit():
            abort(400)
        try:
            result = news.decide(runtime_of().uow(), news_id, approve=bool(form.approve.data),
                                 actor=current_principal().user)
            flash(label(DECIDED, result["status"]), "success")
        except (NewsletterError, NotFound) as exc:
            flash(error_text(exc), "error")
        return redirect(request.referrer if request.referrer and "/intern/newsletter/" in request.referrer
                        else url_for("ui.news_list"))
