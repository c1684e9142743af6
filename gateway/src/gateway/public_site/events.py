"""Events calendar with registration and iCal; volunteering opportunities with sign-up."""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

from flask import Blueprint, Response, abort, make_response, render_template, request

from gateway import limits
from gateway.extensions import rate_limited
from gateway.public_site.caching import cached_page, no_store
from gateway.public_site.data import fetch, post, raw, reference, segments
from gateway.public_site.forms import RegistrationForm, SignupForm, TokenForm
from gateway.public_site.i18n import lang
from servicekit import formats
from servicekit.web import downloads

bp = Blueprint("events", __name__)


def apply_errors(form, body) -> str:
    """Copy field errors of a problem+json answer onto the form; → the problem's detail."""
    errors = (body or {}).get("errors") or {}
    if isinstance(errors, dict):
        for name, messages in errors.items():
            if name in form and isinstance(messages, list):
                form[name].errors = list(form[name].errors) + [str(m) for m in messages]
    return (body or {}).get("detail") or "Die Anfrage konnte nicht bearbeitet werden."


def berlin_month(value) -> str:
    """'2027-01-31T23:30:00+00:00' → '2027-02': the month an event is in for a reader in Kaufbeuren."""
    try:
        return f"{formats.local(datetime.fromisoformat(str(value))):%Y-%m}"
    except ValueError:
        return str(value)[:7]


@bp.get("/veranstaltungen")
@cached_page
def calendar():
    fields, districts = reference()
    events = fetch("participation", "events", {"q": request.args.get("q"), "field": request.args.get("field"),
                                               "district": request.args.get("district")})
    months = [(month, list(items))
              for month, items in groupby(events.items, key=lambda e: berlin_month(e["starts_at"]))]
    return render_template("public/events.html", events=events, months=months, fields=fields, districts=districts)


def _event(event_id: str):
    result = fetch("participation", segments("events", event_id), ttl=5)
    if result.ok and result.status == 404:
        abort(404)
    return result


@bp.route("/veranstaltungen/<event_id>", methods=["GET", "POST"])
@rate_limited(limits.form_limit, methods=["POST"], scope=limits.EVENT_REGISTRATION)
def event(event_id: str):
    result = _event(event_id)
    form = RegistrationForm()
    outcome, error, status = None, None, 200
    if result.found and form.validate_on_submit():
        code, body = post("participation", segments("events", event_id, "registrations"), {
            "name": form.name.data, "email": form.email.data, "seats": form.seats.data, "consent": True,
            "language": lang()})
        if code == 201:
            outcome = body
        elif code == 503:
            error, status = "Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.", 503
        else:
            error, status = apply_errors(form, body), code if code < 500 else 502
    elif form.is_submitted():
        status = 422
    return no_store(make_response(render_template("public/event.html", result=result, e=result.data
                                                  if result.found else None, form=form, outcome=outcome,
                                                  error=error), status))


@bp.route("/veranstaltungen/abmelden", methods=["GET", "POST"])
@rate_limited(limits.form_limit, methods=["POST"], scope=limits.EVENT_CANCEL)
def cancel_registration():
    form = TokenForm(token=request.args.get("token", ""))
    done, error, status = False, None, 200
    if form.validate_on_submit():
        code, body = post("participation", "registrations/cancel", {"token": form.token.data})
        if code == 200:
            done = True
        else:
            error, status = ((body or {}).get("detail") or "Die Abmeldung ist gerade nicht möglich."), \
                (code if code < 500 else 503)
    return no_store(make_response(render_template("public/cancel.html", form=form, done=done, error=error), status))


def _calendar_file(path: str, filename: str):
    upstream = raw("participation", path)
    if upstream is None or upstream.status_code >= 500:
        return Response("Der Kalender ist gerade nicht verfügbar.", status=503, mimetype="text/plain")
    if upstream.status_code != 200:
        abort(upstream.status_code)
    response = downloads.disposition(Response(upstream.content, mimetype="text/calendar"), filename)
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/veranstaltungen.ics")
def calendar_ics():
    return _calendar_file("events.ics", "kaufbeuren-aktiv.ics")


@bp.get("/veranstaltungen/<event_id>.ics")
def event_ics(event_id: str):
    event = _event(event_id)
    title = (event.data or {}).get("title", "") if event.found else ""
    return _calendar_file(segments("events", f"{event_id}.ics"),
                          downloads.filename([title], "ics", default="Veranstaltung"))


@bp.get("/engagement")
@cached_page
def opportunities():
    fields, districts = reference()
    result = fetch("participation", "opportunities", {"q": request.args.get("q"),
                                                      "field": request.args.get("field"),
                                                      "district": request.args.get("district")})
    decisions = fetch("participation", "decisions")
    return render_template("public/opportunities.html", opportunities=result, decisions=decisions, fields=fields,
                           districts=districts)


@bp.route("/engagement/<opportunity_id>/mitmachen", methods=["GET", "POST"])
@rate_limited(limits.form_limit, methods=["POST"], scope=limits.VOLUNTEER_SIGNUP)
def signup(opportunity_id: str):
    result = fetch("participation", "opportunities", ttl=10)
    opportunity = next((o for o in result.items if o.get("id") == opportunity_id), None)
    if result.ok and opportunity is None:
        abort(404)
    form = SignupForm()
    outcome, error, status = None, None, 200
    if opportunity is not None and form.validate_on_submit():
        payload = {"name": form.name.data, "email": form.email.data, "consent": True, "language": lang()}
        if form.phone.data:
            payload["phone"] = form.phone.data
        if form.message.data:
            payload["message"] = form.message.data
        code, body = post("participation", segments("opportunities", opportunity_id, "signups"), payload)
        if code in (200, 201, 202):
            outcome = body or {"status": "pending"}
        elif code == 503:
            error, status = "Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.", 503
        else:
            error, status = apply_errors(form, body), code if code < 500 else 502
    elif form.is_submitted():
        status = 422
    return no_store(make_response(render_template("public/signup.html", result=result, o=opportunity, form=form,
                                                  outcome=outcome, error=error), status))


@bp.get("/engagement/bestaetigen")
@rate_limited(limits.form_limit, scope=limits.VOLUNTEER_CONFIRM)
def confirm_signup():
    token = request.args.get("token", "")
    code, body = post("participation", "signups/confirm", {"token": token}) if token else (400, None)
    return no_store(make_response(render_template(
        "public/result.html", ok=code == 200, title="Engagement",
        message="Vielen Dank! Ihre Anmeldung ist bestätigt. Die Organisation meldet sich bei Ihnen." if code == 200
        else ((body or {}).get("detail") if code != 503 else None) or
        "Die Bestätigung ist gerade nicht möglich. Bitte versuchen Sie es später erneut."),
        200 if code == 200 else (code if code < 500 else 503)))
