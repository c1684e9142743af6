"""The meeting cockpit: bodies, scheduling, agenda, attendance with live quorum, voting with recusal,
decisions and minutes."""

from __future__ import annotations

from datetime import UTC

from flask import flash, redirect, request, url_for

from participation import queries
from participation.service_layer import bodies, decisions, meetings
from participation.ui.common import READ, conn, csrf_failed, guarded, render, uow, who
from participation.ui.forms import (
    AgendaItemForm,
    ApproveMinutesForm,
    CsrfOnlyForm,
    DecideForm,
    EndMembershipForm,
    MeetingForm,
    MembershipForm,
    MinutesForm,
    VoteForm,
)
from servicekit.auth import require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _


def _item_form(c) -> AgendaItemForm:
    form = AgendaItemForm()
    form.project_id.choices = [("", _("– kein Projekt –"))] + [(p["project_id"], p["title"])
                                                               for p in queries.projects(c)]
    form.applicant_organisation_id.choices = [("", _("– keine –"))] + [(o["id"], o["name"])
                                                                    for o in queries.organisations(c)]
    return form


def _unique_ids(form, suffix: str):
    """Element ids unique on a page that repeats the form (the field names, which the POST reads, stay)."""
    for f in form:
        if f.name != "csrf_token":
            f.id = f"{f.name}-{suffix}"
            f.label.field_id = f.id
    return form


def _membership_form(c) -> MembershipForm:
    form = MembershipForm()
    form.person_id.choices = [(p["id"], p["name"]) for p in queries.persons(c) if not p["anonymised"]]
    form.organisation_id.choices = [("", _("– keine –"))] + [(o["id"], o["name"]) for o in queries.organisations(c)]
    return form


def _body_page(c, body_id: str, meeting_form: MeetingForm, membership_form: MembershipForm):
    """The body with its members (each current one with a form to end the membership) and its meetings."""
    b = queries.body_detail(c, body_id)
    end_forms = {m["id"]: _unique_ids(EndMembershipForm(), m["id"]) for m in b["members"] if not m["valid_until"]}
    return render("body", body=b, meeting_form=meeting_form, membership_form=membership_form, end_forms=end_forms)


def register(bp) -> None:
    @bp.get("/gremien/<body_id>")
    @require_roles(*READ)
    def body(body_id):
        with conn() as c:
            return _body_page(c, body_id, MeetingForm(), _membership_form(c))

    @bp.post("/gremien/<body_id>/mitglieder")
    @require_roles(*READ)
    def add_member(body_id):
        with conn() as c:
            form = _membership_form(c)
            if not form.validate_on_submit():
                return _body_page(c, body_id, MeetingForm(), form), 422
        return guarded("ui.body", lambda: (bodies.add_membership(
            uow(), body_id, actor=who(), person_id=form.person_id.data, role=form.role.data,
            organisation_id=form.organisation_id.data or None, valid_from=form.valid_from.data),
            _("Mitgliedschaft wurde eingetragen."))[1], body_id=body_id)

    @bp.post("/gremien/<body_id>/sitzungen")
    @require_roles(*READ)
    def schedule(body_id):
        form = MeetingForm()
        if not form.validate_on_submit():
            with conn() as c:
                return _body_page(c, body_id, form, _membership_form(c)), 422
        return guarded("ui.body", lambda: _("Sitzung „%(title)s“ wurde angelegt.", title=meetings.schedule_meeting(
            uow(), body_id, actor=who(), title=form.title.data, place=form.place.data or "",
            starts_at=form.starts_at.data.replace(tzinfo=UTC))["title"]), body_id=body_id)

    @bp.get("/sitzungen/<meeting_id>")
    @require_roles(*READ)
    def meeting(meeting_id):
        with conn() as c:
            m = queries.meeting_detail(c, meeting_id)
            later = [x for x in queries.meetings(c, m["body_id"]) if x["starts_at"] > m["starts_at"]]
            item_form = _item_form(c)
        approve_form = ApproveMinutesForm()
        approve_form.approved_in.choices = [(x["id"], f"{x['title']} ({x['starts_at']:%d.%m.%Y})") for x in later]
        voters = [(a["id"], a["person_name"]) for a in m["attendance"]
                  if a["present"] and a["voting"] and a["role"] != "advisory"]
        item_forms = {}
        for it in m["items"]:  # one vote and one decision form per TOP, each with its own element ids
            vote_form, decide_form = VoteForm(), DecideForm()
            vote_form.membership_id.choices = voters
            item_forms[it["id"]] = (_unique_ids(vote_form, it["id"]), _unique_ids(decide_form, it["id"]))
        return render("meeting", m=m, csrf_form=CsrfOnlyForm(), item_forms=item_forms,
                      minutes_form=MinutesForm(text=m["minutes_text"]), approve_form=approve_form,
                      item_form=item_form)

    @bp.post("/sitzungen/<meeting_id>/top")
    @require_roles(*READ)
    def add_item(meeting_id):
        with conn() as c:
            form = _item_form(c)
        if not form.validate_on_submit():
            problems = "; ".join(f"{form[k].label.text}: {v[0]}" for k, v in form.errors.items())
            flash(_("TOP nicht ergänzt: %(problems)s", problems=problems), "error")
            return redirect(url_for("ui.meeting", meeting_id=meeting_id))

        def add():
            it = meetings.add_agenda_item(uow(), meeting_id, actor=who(), title=form.title.data,
                                          project_id=form.project_id.data or None, amount=form.amount.data,
                                          applicant_organisation_id=form.applicant_organisation_id.data or None)
            return _("TOP %(position)s „%(title)s“ wurde ergänzt.", position=it["position"], title=it["title"])

        return guarded("ui.meeting", add, meeting_id=meeting_id)

    @bp.post("/sitzungen/<meeting_id>/einladungen")
    @require_roles(*READ)
    def invite(meeting_id):
        CsrfOnlyForm().validate_on_submit() or csrf_failed()
        public_url = runtime_of().settings.public_url.rstrip("/")

        def send():
            sent = meetings.invite(uow(), meeting_id, actor=who(), public_url=public_url)["invitations"]
            return _("%(n)s Einladung(en) an den Newsletter-Dienst übergeben.", n=sent)

        return guarded("ui.meeting", send, meeting_id=meeting_id)

    @bp.post("/sitzungen/<meeting_id>/anwesenheit")
    @require_roles(*READ)
    def attendance(meeting_id):
        CsrfOnlyForm().validate_on_submit() or csrf_failed()
        present = request.form.getlist("present")
        return guarded("ui.meeting", lambda: (meetings.record_attendance(
            uow(), meeting_id, actor=who(), present=present), _("Anwesenheit gespeichert."))[1], meeting_id=meeting_id)

    @bp.post("/sitzungen/<meeting_id>/top/<item_id>/stimme")
    @require_roles(*READ)
    def vote(meeting_id, item_id):
        form = VoteForm()
        form.membership_id.choices = [(v, v) for v in request.form.getlist("membership_id")]
        form.validate_on_submit() or csrf_failed()
        return guarded("ui.meeting", lambda: (decisions.cast_vote(
            uow(), item_id, actor=who(), membership_id=form.membership_id.data, choice=form.choice.data),
            _("Stimme gespeichert."))[1], meeting_id=meeting_id)

    @bp.post("/sitzungen/<meeting_id>/top/<item_id>/beschluss")
    @require_roles(*READ)
    def decide(meeting_id, item_id):
        form = DecideForm()
        if not form.validate_on_submit():
            if form.csrf_token.errors:
                csrf_failed()
            problems = "; ".join(f"{form[k].label.text}: {v[0]}" for k, v in form.errors.items())
            flash(_("Beschluss nicht gefasst: %(problems)s", problems=problems), "error")
            return redirect(url_for("ui.meeting", meeting_id=meeting_id))
        outcome = "deferred" if form.deferred.data else None
        # the amount decided (micro-projects): empty takes the amount applied for in the agenda item
        return guarded("ui.meeting", lambda: _("Beschluss %(number)s gefasst.", number=decisions.decide(
            uow(), item_id, actor=who(), outcome=outcome, amount=form.amount.data)["number"]), meeting_id=meeting_id)

    @bp.post("/sitzungen/<meeting_id>/protokoll")
    @require_roles(*READ)
    def minutes(meeting_id):
        form = MinutesForm()
        form.validate_on_submit() or csrf_failed()
        return guarded("ui.meeting", lambda: (meetings.save_minutes(
            uow(), meeting_id, actor=who(), text=form.text.data), _("Protokollentwurf gespeichert."))[1],
            meeting_id=meeting_id)

    @bp.post("/sitzungen/<meeting_id>/protokoll/genehmigen")
    @require_roles(*READ)
    def approve(meeting_id):
        form = ApproveMinutesForm()
        form.approved_in.choices = [(v, v) for v in request.form.getlist("approved_in")]
        form.validate_on_submit() or csrf_failed()
        return guarded("ui.meeting", lambda: (meetings.approve_minutes(
            uow(), meeting_id, actor=who(), approved_in=form.approved_in.data), _("Protokoll genehmigt."))[1],
            meeting_id=meeting_id)
