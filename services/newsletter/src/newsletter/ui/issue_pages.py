"""Issues: list, editor with preview, test send, schedule, and the send cockpit with live progress."""

from datetime import UTC, datetime

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from sqlalchemy import and_, exists, or_, select

from newsletter import listings, queries
from newsletter.adapters.orm import issue, issue_item, news_item
from newsletter.domain.model import ISSUE_STATES, NewsletterError, NotFound
from newsletter.mail import IssueTemplate
from newsletter.service_layer import issues
from newsletter.ui.filters import DATE_FILTERS, choice, period
from newsletter.ui.forms import IssueForm, ScheduleForm, TestSendForm
from newsletter.ui.labels import error_text
from servicekit import formats
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _
from servicekit.web.listing import Listing

# The site's rules, except that the preview may be framed by the editor page of its own origin; its stylesheet
# is the static mail.css (no inline styles), nothing runs.
PREVIEW_CSP = ("default-src 'none'; style-src 'self'; img-src https: data:; "
               "frame-ancestors 'self'; base-uri 'none'; form-action 'none'")
PAGE_SIZE = 25


def _choices(conn, form, issue_id: str | None = None):
    """Topics by name; the approved news items not yet sent in another issue (and those already in this one),
    newest approval first, each by its title."""
    form.topics.choices = [(t["code"], t["name"]) for t in queries.topics(conn)]
    sent_elsewhere = exists().where(issue_item.c.news_id == news_item.c.id, issue_item.c.issue_id == issue.c.id,
                                    issue.c.status.in_(("sending", "sent")))
    in_this = exists().where(issue_item.c.news_id == news_item.c.id, issue_item.c.issue_id == issue_id) \
        if issue_id else None
    wanted = and_(news_item.c.status == "approved", ~sent_elsewhere)
    rows = conn.execute(select(news_item.c.id, news_item.c.title).where(
        or_(wanted, in_this) if in_this is not None else wanted)
        .order_by(news_item.c.approved_at.desc(), news_item.c.title))
    form.news_ids.choices = [(r.id, r.title) for r in rows]


def _load(conn, issue_id):
    try:
        return queries.issue_with_items(conn, issue_id)
    except NotFound:
        abort(404)


def _joined(form) -> str:
    """A form's error messages in one line (they may be lazy translations)."""
    return "; ".join(str(e) for errs in form.errors.values() for e in errs)


def _item_titles(conn, news_ids) -> list[str]:
    if not news_ids:
        return []
    titles = dict(conn.execute(select(news_item.c.id, news_item.c.title).where(news_item.c.id.in_(news_ids))).all())
    return [titles[n] for n in news_ids if n in titles]


def register(bp) -> None:
    @bp.route("/ausgaben", methods=["GET", "POST"])
    @require_roles("newsletter.editor", "viewer")
    def issue_list():
        rt = runtime_of()
        form = IssueForm()
        listing = Listing.from_request(page_size=PAGE_SIZE, filters=("status", *DATE_FILTERS))
        status = choice(listing, "status", ISSUE_STATES)
        since, until, errors = period(listing)
        with rt.engine.connect() as conn:
            _choices(conn, form)
            page = listing.fetch(conn, listings.issues(q=listing.q, status=status, since=since, until=until))
        if form.validate_on_submit():
            if not current_principal().has_any(["newsletter.editor"]):
                abort(403)
            try:
                created = issues.create_issue(rt.uow(), title=form.title.data, intro=form.intro.data or "",
                                              topics=form.topics.data, news_ids=form.news_ids.data,
                                              actor=current_principal().user)
            except NewsletterError as exc:
                form.news_ids.errors.append(error_text(exc))
            else:
                flash(_("Die Ausgabe ist angelegt."), "success")
                return redirect(url_for("ui.issue_edit", issue_id=created["id"]))
        return render_template("newsletter/issues.html", page=page, listing=listing, status=status,
                               filter_errors=errors, form=form), (422 if form.errors else 200)

    @bp.route("/ausgaben/<issue_id>", methods=["GET", "POST"])
    @require_roles("newsletter.editor", "viewer")
    def issue_edit(issue_id):
        rt = runtime_of()
        with rt.engine.connect() as conn:
            row = _load(conn, issue_id)
            form = IssueForm(data=row if not IssueForm().is_submitted() else None)
            _choices(conn, form, issue_id)
            row["item_titles"] = _item_titles(conn, row["news_ids"])
        if form.validate_on_submit():
            if not current_principal().has_any(["newsletter.editor"]):
                abort(403)
            try:
                issues.update_issue(rt.uow(), issue_id, actor=current_principal().user, title=form.title.data,
                                    intro=form.intro.data or "", topics=form.topics.data, news_ids=form.news_ids.data)
                flash(_("Gespeichert."), "success")
                return redirect(url_for("ui.issue_edit", issue_id=issue_id))
            except NewsletterError as exc:
                form.title.errors.append(error_text(exc))
        topic_names = dict(form.topics.choices)
        return render_template("newsletter/issue_edit.html", row=row, form=form,
                               topic_names=[topic_names.get(t, t) for t in row["topics"] or []],
                               test_form=TestSendForm(), schedule_form=ScheduleForm(data={"at": row["scheduled_at"]})
                               if row["status"] == "scheduled" else ScheduleForm()), (422 if form.errors else 200)

    @bp.get("/ausgaben/<issue_id>/vorschau")
    @require_roles("newsletter.editor", "viewer")
    def issue_preview(issue_id):
        """The mail as a subscriber sees it; ``?sprache=en``: the version for English-speaking subscribers
        (the department UI's own language, ``?lang=``, does not change the mail)."""
        rt = runtime_of()
        mail_lang = "en" if request.args.get("sprache") == "en" else "de"
        with rt.engine.connect() as conn:
            try:
                data, items = issues.load_issue(conn, issue_id)
            except NotFound:
                abort(404)
        mail = IssueTemplate(data, items, rt.settings.public_url, mail_lang,
                             css_url=url_for("ui.static", filename="mail.css")).personalise(
            "Erika Mustermann", f"{rt.settings.public_url}/newsletter/abmelden?token=VORSCHAU")
        # The editor shows this page in a sandboxed iframe of its own origin: it may be framed by 'self' only
        # (the gateway's default is no framing at all); the mail's stylesheet is linked, not inline; nothing runs.
        return Response(mail.html, mimetype="text/html", headers={
            "Content-Security-Policy": PREVIEW_CSP, "X-Frame-Options": "SAMEORIGIN"})

    @bp.post("/ausgaben/<issue_id>/test")
    @require_roles("newsletter.editor")
    def issue_test(issue_id):
        form = TestSendForm()
        if form.validate_on_submit():
            rt = runtime_of()
            issues.test_send(rt.uow(), rt.settings, issue_id, to=form.to.data, actor=current_principal().user,
                             language=form.language.data)
            flash(_("Die Testmail an %(to)s ist unterwegs.", to=form.to.data), "success")
        else:
            flash(_("Testmail: %(errors)s", errors=_joined(form)), "error")
        return redirect(url_for("ui.issue_edit", issue_id=issue_id))

    @bp.post("/ausgaben/<issue_id>/planen")
    @require_roles("newsletter.editor")
    def issue_schedule(issue_id):
        form = ScheduleForm()
        if not form.validate_on_submit():
            flash(_("Versand: %(errors)s", errors=_joined(form)), "error")
            return redirect(url_for("ui.issue_edit", issue_id=issue_id))
        at = form.at.data  # the kit's field: Berlin wall time typed, an aware UTC instant here
        try:
            issues.schedule(runtime_of().uow(), issue_id, at=at, actor=current_principal().user)
        except NewsletterError as exc:
            flash(error_text(exc), "error")
            return redirect(url_for("ui.issue_edit", issue_id=issue_id))
        flash(_("Der Versand ist geplant.") if at else _("Der Versand startet."), "success")
        return redirect(url_for("ui.issue_cockpit", issue_id=issue_id))

    @bp.get("/ausgaben/<issue_id>/versand")
    @require_roles("newsletter.editor", "viewer")
    def issue_cockpit(issue_id):
        """The numbers as of this request; the page's script (static/cockpit.js) refreshes them in place from
        ``…/fortschritt``, and without JavaScript the page's "Aktualisieren" link reloads it."""
        with runtime_of().engine.connect() as conn:
            row = _load(conn, issue_id)
            progress = issues.issue_progress(conn, issue_id)
        return render_template("newsletter/cockpit.html", row=row, p=progress,
                               stand=formats.local(datetime.now(UTC)).strftime("%H:%M"))

    @bp.get("/ausgaben/<issue_id>/fortschritt")
    @require_roles("newsletter.editor", "viewer")
    def issue_progress_json(issue_id):
        with runtime_of().engine.connect() as conn:
            _load(conn, issue_id)
            return jsonify(issues.issue_progress(conn, issue_id))
