"""Meetings: the list (search, body, upcoming or past; paged in SQL) and the meeting cockpit: invitations, agenda,
attendance with live quorum, voting with recusal, decisions and minutes. Members, projects, organisations and the
approving meeting are picked by name; times are typed and shown in Berlin time."""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from participation import queries
from participation.service_layer import decisions, meetings
from participation.ui import pickers
from participation.ui.bodies import unique_ids
from participation.ui.common import READ, conn, csrf_failed, guarded, render, require_editor, uow, who
from participation.ui.forms import AgendaItemForm, ApproveMinutesForm, CsrfOnlyForm, DecideForm, MinutesForm, VoteForm
from participation.ui.history import history
from servicekit.auth import require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _
from servicekit.web.listing import Listing
from servicekit.web.ui import datum


def _item_form(c) -> AgendaItemForm:
    form = AgendaItemForm()
    form.project_id.choices = pickers.projects(c)
    form.applicant_organisation_id.choices = pickers.organisations(c)
    return form


def _problems(form) -> str:
    return "; ".join(f"{form[k].label.text}: {v[0]}" for k, v in form.errors.items())


def _approve_form(c, m) -> ApproveMinutesForm:
    form = ApproveMinutesForm()
    form.approved_in.choices = [(x["id"], f"{x['title']} ({datum(x['starts_at'])})")
                                for x in queries.later_meetings(c, m)]
    return form


def meeting_page(meeting_id: str, item_form: AgendaItemForm | None = None, status: int = 200):
    with conn() as c:
        m = queries.meeting_detail(c, meeting_id)
        item_form = item_form or _item_form(c)
        if item_form.project_id.choices is None:
            item_form.project_id.choices = pickers.projects(c)
            item_form.applicant_organisation_id.choices = pickers.organisations(c)
        approve_form = _approve_form(c, m)
        log = history(c, ("meeting", meeting_id), ("minutes", meeting_id),
                      ("agenda_item", [it["id"] for it in m["items"]]),
                      ("decision", [it["decision"]["id"] for it in m["items"] if it["decision"]]))
    voters = [(a["id"], a["person_name"]) for a in m["attendance"]
              if a["present"] and a["voting"] and a["role"] != "advisory"]
    item_forms = {}
    for it in m["items"]:  # one vote and one decision form per TOP, each with its own element ids
        vote_form, decide_form = VoteForm(), DecideForm()
        vote_form.membership_id.choices = voters
        item_forms[it["id"]] = (unique_ids(vote_form, it["id"]), unique_ids(decide_form, it["id"]))
    return render("meeting", m=m, csrf_form=CsrfOnlyForm(), item_forms=item_forms,
                  minutes_form=MinutesForm(text=m["minutes_text"]), approve_form=approve_form,
                  item_form=item_form, history=log), status


def register(bp) -> None:
    @bp.get("/sitzungen")
    @require_roles(*READ)
    def meeting_list():
        listing = Listing.from_request(page_size=25, filters=("gremium", "zeit"))
        with conn() as c:
            page = listing.fetch(c, queries.meetings_stmt(listing.q, listing.filters.get("gremium"),
                                                          listing.filters.get("zeit")))
            bodies = pickers.bodies(c, _("alle Gremien"))
        return render("meetings", page=page, listing=listing, bodies=bodies)

    @bp.get("/sitzungen/<meeting_id>")
    @require_roles(*READ)
    def meeting(meeting_id):
        return meeting_page(meeting_id)

    @bp.post("/sitzungen/<meeting_id>/top")
    @require_roles(*READ)
    def add_item(meeting_id):
        require_editor()
        with conn() as c:
            form = _item_form(c)
        if not form.validate_on_submit():
            if form.csrf_token.errors:
                csrf_failed()
            return meeting_page(meeting_id, form, 422)

        def add():
            it = meetings.add_agenda_item(uow(), meeting_id, actor=who(), title=form.title.data.strip(),
                                          project_id=form.project_id.data or None, amount=form.amount.data,
                                          applicant_organisation_id=form.applicant_organisation_id.data or None)
            return _("TOP %(position)s „%(title)s“ wurde ergänzt.", position=it["position"], title=it["title"])

        return guarded("ui.meeting", add, meeting_id=meeting_id)

    @bp.post("/sitzungen/<meeting_id>/einladungen")
    @require_roles(*READ)
    def invite(meeting_id):
        require_editor()
        CsrfOnlyForm().validate_on_submit() or csrf_failed()
        public_url = runtime_of().settings.public_url.rstrip("/")

        def send():
            sent = meetings.invite(uow(), meeting_id, actor=who(), public_url=public_url)["invitations"]
            return _("%(n)s Einladung(en) an den Newsletter-Dienst übergeben.", n=sent)

        return guarded("ui.meeting", send, meeting_id=meeting_id)

    @bp.post("/sitzungen/<meeting_id>/anwesenheit")
    @require_roles(*READ)
    def attendance(meeting_id):
        require_editor()
        CsrfOnlyForm().validate_on_submit() or csrf_failed()
        present = request.form.getlist("present")
        return guarded("ui.meeting", lambda: (meetings.record_attendance(
            uow(), meeting_id, actor=who(), present=present), _("Anwesenheit gespeichert."))[1], meeting_id=meeting_id)

    @bp.post("/sitzungen/<meeting_id>/top/<item_id>/stimme")
    @require_roles(*READ)
    def vote(meeting_id, item_id):
        require_editor()
        form = VoteForm()
        form.membership_id.choices = [(v, v) for v in request.form.getlist("membership_id")]
        if not form.validate_on_submit():
            if form.csrf_token.errors:
                csrf_failed()
            flash(_("Stimme nicht erfasst: %(problems)s", problems=_problems(form)), "error")
            return redirect(url_for("ui.meeting", meeting_id=meeting_id))
        return guarded("ui.meeting", lambda: (decisions.cast_vote(
            uow(), item_id, actor=who(), membership_id=form.membership_id.data, choice=form.choice.data),
            _("Stimme gespeichert."))[1], meeting_id=meeting_id)

    @bp.post("/sitzungen/<meeting_id>/top/<item_id>/beschluss")
    @require_roles(*READ)
    def decide(meeting_id, item_id):
        require_editor()
        form = DecideForm()
        if not form.validate_on_submit():
            if form.csrf_token.errors:
                csrf_failed()
            flash(_("Beschluss nicht gefasst: %(problems)s", problems=_problems(form)), "error")
            return redirect(url_for("ui.meeting", meeting_id=meeting_id))
        outcome = "deferred" if form.deferred.data else None
        # the amount decided (micro-projects): empty takes the amount applied for in the agenda item
        return guarded("ui.meeting", lambda: _("Beschluss %(number)s gefasst.", number=decisions.decide(
            uow(), item_id, actor=who(), outcome=outcome, amount=form.amount.data)["number"]), meeting_id=meeting_id)

    @bp.post("/sitzungen/<meeting_id>/protokoll")
    @require_roles(*READ)
    def minutes(meeting_id):
        require_editor()
        form = MinutesForm()
        if not form.validate_on_submit():
            if form.csrf_token.errors:
                csrf_failed()
            flash(_("Protokoll nicht gespeichert: %(problems)s", problems=_problems(form)), "error")
            return redirect(url_for("ui.meeting", meeting_id=meeting_id))
        return guarded("ui.meeting", lambda: (meetings.save_minutes(
            uow(), meeting_id, actor=who(), text=form.text.data), _("Protokollentwurf gespeichert."))[1],
            meeting_id=meeting_id)

    @bp.post("/sitzungen/<meeting_id>/protokoll/genehmigen")
    @require_roles(*READ)
    def approve(meeting_id):
        require_editor()
        form = ApproveMinutesForm()
        form.approved_in.choices = [(v, v) for v in request.form.getlist("approved_in")]
        form.validate_on_submit() or csrf_failed()
        return guarded("ui.meeting", lambda: (meetings.approve_minutes(
            uow(), meeting_id, actor=who(), approved_in=form.approved_in.data), _("Protokoll genehmigt."))[1],
            meeting_id=meeting_id)
