"""Newsletter: subscribe (double opt-in), confirm, one-click unsubscribe (RFC 8058), archive, RSS, news."""

from __future__ import annotations

from flask import Blueprint, Response, abort, make_response, render_template, request

from gateway import limits
from gateway.extensions import rate_limited
from gateway.public_site.caching import cached_page, no_store
from gateway.public_site.data import fetch, post, raw, segments
from gateway.public_site.events import apply_errors
from gateway.public_site.forms import CONSENT_VERSION, NewsletterForm
from gateway.public_site.i18n import lang

bp = Blueprint("newsletter", __name__)


@bp.route("/newsletter", methods=["GET", "POST"])
@rate_limited(limits.form_limit, methods=["POST"], scope=limits.NEWSLETTER_SUBSCRIBE)
def subscribe():
    topics = fetch("newsletter", "topics", ttl=300)
    form = NewsletterForm()
    if request.method == "GET":
        form.email.data = request.args.get("email", "")[:254]
        form.language.data = lang()
    form.topics.choices = [(t["code"], t["name"]) for t in topics.items]
    done, error, status = False, None, 200
    if topics.ok and form.validate_on_submit():
        payload = {"email": form.email.data, "topics": form.topics.data or [], "language": form.language.data or "de",
                   "consent": True, "consent_text_version": CONSENT_VERSION, "form": "website"}
        if form.name.data:
            payload["name"] = form.name.data
        code, body = post("newsletter", "subscriptions", payload)
        if code in (200, 202):
            done = True
        elif code == 503:
            error, status = "Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.", 503
        else:
            error, status = apply_errors(form, body), code if code < 500 else 502
    elif form.is_submitted():
        status = 422 if topics.ok else 503
    return no_store(make_response(render_template("public/newsletter.html", form=form, topics=topics, done=done,
                                                  error=error), status))


@bp.get("/newsletter/bestaetigen")
@rate_limited(limits.form_limit, scope=limits.NEWSLETTER_CONFIRM)
def confirm():
    token = request.args.get("token", "")
    code, body = post("newsletter", "subscriptions/confirm", {"token": token}) if token else (400, None)
    message = ("Vielen Dank! Ihr Newsletter-Abonnement ist bestätigt." if code == 200 else
               ((body or {}).get("detail") if code != 503 else None) or
               "Die Bestätigung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.")
    return no_store(make_response(render_template("public/result.html", ok=code == 200, title="Newsletter",
                                                  message=message), 200 if code == 200 else
                                  (code if code < 500 else 503)))


@bp.get("/newsletter/abmelden")
def unsubscribe_page():
    return no_store(make_response(render_template("public/unsubscribe.html", token=request.args.get("token", ""),
                                                  done=False, error=None)))


@bp.post("/newsletter/abmelden")
@rate_limited(limits.unsubscribe_limit, scope=limits.NEWSLETTER_UNSUBSCRIBE)
def one_click_unsubscribe():
    """RFC 8058: mail clients POST ``List-Unsubscribe=One-Click`` to the URL with ?token=. No CSRF token:
    the unguessable token is the proof, and unsubscribing can only remove, never add."""
    token = request.args.get("token") or request.form.get("token", "")
    code, body = post("newsletter", "unsubscribe", {"List-Unsubscribe": "One-Click"}, form=True,
                      query="token=" + token) if token else (400, None)
    error = None
    if code != 200:
        error = ((body or {}).get("detail") if code != 503 else None) or \
            "Die Abmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut."
    return no_store(make_response(render_template("public/unsubscribe.html", token=token, done=code == 200,
                                                  error=error), 200 if code == 200 else (code if code < 500 else 503)))


@bp.get("/newsletter/archiv")
@cached_page
def archive():
    issues = fetch("newsletter", "issues", {"q": request.args.get("q")})
    return render_template("public/archive.html", issues=issues)


@bp.get("/newsletter/archiv/<issue_id>")
@cached_page
def issue(issue_id: str):
    result = fetch("newsletter", segments("issues", issue_id))
    if result.ok and result.status == 404:
        abort(404)
    return render_template("public/issue.html", result=result, i=result.data if result.found else None)


@bp.get("/aktuelles")
@cached_page
def news():
    return render_template("public/news.html", news=fetch("newsletter", "news", {"q": request.args.get("q")}))


@bp.get("/newsletter/rss")
def rss():
    upstream = raw("newsletter", "feed.rss")
    if upstream is None or upstream.status_code != 200:
        return Response("Der Feed ist gerade nicht verfügbar.", status=503, mimetype="text/plain")
    response = Response(upstream.content, mimetype="application/rss+xml")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
