"""Bodies (Gremien): the list (search, kind, programme; paged in SQL) with the form to create one, the body's page
with its members and meetings, changing the body (the same service function as ``PATCH``, so the other services
hear of it), adding and ending memberships, scheduling a meeting."""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from participation import queries
from participation.queries.common import today
from participation.service_layer import bodies, meetings
from participation.ui import labels, pickers
from participation.ui.common import READ, conn, guarded, render, require_editor, uow, who
from participation.ui.forms import BodyEditForm, BodyForm, EndMembershipForm, MeetingForm, MembershipForm
from participation.ui.history import history
from servicekit.auth import require_roles
from servicekit.web.i18n import _
from servicekit.web.listing import Listing
from servicekit.web.ui import datum


def body_form(c) -> BodyForm:
    form = BodyForm()
    form.programme_id.choices = pickers.programmes(c)
    return form


def body_edit_form(c, b: dict, prefill: bool = True) -> BodyEditForm:
    """The form to change a body, prefilled on the page. A programme the programmes service no longer lists and a
    stored field of action outside the list stay choices, so a save never drops them unasked."""
    current = {k: b[k] for k in bodies.EDITABLE}
    form = BodyEditForm(data={**current, "programme_id": b["programme_id"] or ""}) if prefill else BodyEditForm()
    form.programme_id.choices = pickers.programmes(c)
    if b["programme_id"] and b["programme_id"] not in dict(form.programme_id.choices):
        form.programme_id.choices.append((b["programme_id"], _("(im Programmdienst nicht gefunden)")))
    form.fields_of_action.choices = labels.choices(labels.FIELDS_OF_ACTION, *b["fields_of_action"])
    return form


def body_changes(form: BodyEditForm, b: dict) -> dict:
    """What the form asks for, in the stored form (the same fields of action in another order are no change)."""
    chosen = form.fields_of_action.data or []
    return {"name": form.name.data.strip(), "programme_id": form.programme_id.data or None,
            "fields_of_action": b["fields_of_action"] if set(chosen) == set(b["fields_of_action"]) else chosen,
            "quorum_percent": form.quorum_percent.data, "description": form.description.data or ""}


def membership_form(c) -> MembershipForm:
    form = MembershipForm()
    form.person_id.choices = [("", _("– bitte wählen –"))] + pickers.persons(c)
    form.organisation_id.choices = pickers.organisations(c)
    return form


def unique_ids(form, suffix: str):
    """Element ids unique on a page that repeats the form (the field names, which the POST reads, stay)."""
    for f in form:
        if f.name != "csrf_token":
            f.id = f"{f.name}-{suffix}"
            f.label.field_id = f.id
    return form


def bodies_page(form: BodyForm, status: int = 200):
    listing = Listing.from_request(page_size=25, filters=("art", "programm"))
    with conn() as c:
        page = listing.fetch(c, queries.bodies_stmt(listing.q, listing.filters.get("art"),
                                                    listing.filters.get("programm")))
        programmes = pickers.programmes(c)[1:]
    return render("bodies", form=form, page=page, listing=listing, programmes=programmes), status


def body_page(c, body_id: str, meeting_form: MeetingForm, member_form: MembershipForm, status: int = 200,
              edit_form: BodyEditForm | None = None):
    """The body with the form to change it, its members (each current one with a form to end the membership) and
    its meetings."""
    b = queries.body_detail(c, body_id)
    end_forms = {m["id"]: unique_ids(EndMembershipForm(), m["id"]) for m in b["members"] if not m["valid_until"]}
    decisions = [dict(r) for r in c.execute(queries.decisions_stmt(body_id=body_id).limit(5)).mappings()]
    log = history(c, ("body", body_id), ("membership", [m["id"] for m in b["members"]]))
    return render("body", body=b, meeting_form=meeting_form, membership_form=member_form, end_forms=end_forms,
                  edit_form=edit_form or body_edit_form(c, b), decisions=decisions, history=log,
                  year=today().year), status


def register(bp) -> None:
    @bp.route("/gremien", methods=["GET", "POST"])
    @require_roles(*READ)
    def body_list():
        with conn() as c:
            form = body_form(c)
        if request.method == "POST":
            require_editor()
            if form.validate_on_submit():
                made = bodies.create_body(uow(), actor=who(), name=form.name.data.strip(), type=form.type.data,
                                          programme_id=form.programme_id.data or None,
                                          fields_of_action=form.fields_of_action.data or [],
                                          quorum_percent=form.quorum_percent.data,
                                          description=form.description.data or "")
                flash(_("Gremium „%(name)s“ wurde angelegt.", name=made["name"]), "success")
                return redirect(url_for("ui.body", body_id=made["id"]))
            return bodies_page(form, 422)
        return bodies_page(form)

    @bp.get("/gremien/<body_id>")
    @require_roles(*READ)
    def body(body_id):
        with conn() as c:
            return body_page(c, body_id, MeetingForm(), membership_form(c))

    @bp.post("/gremien/<body_id>/bearbeiten")
    @require_roles(*READ)
    def edit_body(body_id):
        require_editor()
        with conn() as c:
            current = queries.body_detail(c, body_id)
            form = body_edit_form(c, current, prefill=False)
            if not form.validate_on_submit():
                return body_page(c, body_id, MeetingForm(), membership_form(c), 422, edit_form=form)
        wanted = body_changes(form, current)
        unchanged = all(current[k] == v for k, v in wanted.items())

        def save():
            saved = bodies.update_body(uow(), body_id, actor=who(), **wanted)
            if unchanged:
                return _("Keine Änderungen: „%(name)s“ bleibt, wie es war.", name=saved["name"])
            return _("Gremium „%(name)s“ wurde gespeichert.", name=saved["name"])

        return guarded("ui.body", save, body_id=body_id)

    @bp.post("/gremien/<body_id>/mitglieder")
    @require_roles(*READ)
    def add_member(body_id):
        require_editor()
        with conn() as c:
            form = membership_form(c)
            if not form.validate_on_submit():
                return body_page(c, body_id, MeetingForm(), form, 422)
        return guarded("ui.body", lambda: (bodies.add_membership(
            uow(), body_id, actor=who(), person_id=form.person_id.data, role=form.role.data,
            organisation_id=form.organisation_id.data or None, valid_from=form.valid_from.data),
            _("Mitgliedschaft wurde eingetragen."))[1], body_id=body_id)

    @bp.post("/gremien/<body_id>/mitglieder/<membership_id>/beenden")
    @require_roles(*READ)
    def end_member(body_id, membership_id):
        require_editor()
        form = EndMembershipForm()
        if not form.validate_on_submit():
            problems = "; ".join(f"{form[n].label.text}: {e[0]}" for n, e in form.errors.items())
            flash(_("Mitgliedschaft nicht beendet: %(problems)s", problems=problems), "error")
            return redirect(url_for("ui.body", body_id=body_id))
        return guarded("ui.body", lambda: (bodies.end_membership(
            uow(), body_id, membership_id, actor=who(), valid_until=form.valid_until.data),
            _("Mitgliedschaft endet am %(day)s.", day=datum(form.valid_until.data)))[1],
            body_id=body_id)

    @bp.post("/gremien/<body_id>/sitzungen")
    @require_roles(*READ)
    def schedule(body_id):
        require_editor()
        form = MeetingForm()
        if not form.validate_on_submit():
            with conn() as c:
                return body_page(c, body_id, form, membership_form(c), 422)
        made = meetings.schedule_meeting(uow(), body_id, actor=who(), title=form.title.data.strip(),
                                         place=form.place.data or "", starts_at=form.starts_at.data)
        flash(_("Sitzung „%(title)s“ wurde angelegt.", title=made["title"]), "success")
        return redirect(url_for("ui.meeting", meeting_id=made["id"]))
