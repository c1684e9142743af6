"""News queue: drafts from events wait for approval; editor with the readability score."""

from flask import abort, flash, redirect, render_template, request, url_for

from newsletter import queries
from newsletter.adapters.orm import news_item
from newsletter.domain.model import NEWS_STATES, NewsletterError, NotFound
from newsletter.service_layer import news
from newsletter.service_layer.common import fetch
from newsletter.ui.forms import DecisionForm, NewsForm
from newsletter.ui.labels import DECIDED, error_text, label, readability
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _


def register(bp) -> None:
    @bp.get("/meldungen")
    @require_roles("newsletter.editor", "viewer")
    def news_list():
        status = request.args.get("status") or None
        with runtime_of().engine.connect() as conn:
            rows = queries.news(conn, status if status in NEWS_STATES else None)
        for row in rows:
            row["readability"] = readability(row["readability"])
        return render_template("newsletter/news_list.html", rows=rows, status=status, decision=DecisionForm())

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
                item = queries.with_readability(fetch(conn, news_item, news_id, "Die Meldung"))
            except NotFound:
                abort(404)
        item["readability"] = readability(item["readability"])
        form = NewsForm(data=item if request.method == "GET" else None)
        if form.validate_on_submit():
            if not current_principal().has_any(["newsletter.editor"]):
                abort(403)
            news.update_news(rt.uow(), news_id, actor=current_principal().user, title=form.title.data,
                             summary=form.summary.data or "", body=form.body.data or "",
                             funder_notice=form.funder_notice.data or "", link=form.link.data or "")
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
