"""Subscribers: list with filters, record with documented consent, CSV, consent proof, DSGVO."""

from flask import Response, abort, flash, redirect, render_template, url_for
from werkzeug.utils import secure_filename

from newsletter import listings, queries
from newsletter.domain.model import SUBSCRIBER_STATES, InvalidToken, NewsletterError, NotFound
from newsletter.service_layer import csvio, subscriptions
from newsletter.ui.filters import DATE_FILTERS, choice, period
from newsletter.ui.forms import ConfirmActionForm, ImportForm, SubscriberForm
from newsletter.ui.labels import error_text
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _
from servicekit.web.listing import Listing

PAGE_SIZE = 50


def _topic_choices(conn):
    return [(t["code"], t["name"]) for t in queries.topics(conn)]


def _export(sid):
    with runtime_of().engine.connect() as conn:
        try:
            return subscriptions.export_subscriber(conn, sid)
        except NotFound:
            abort(404)


def register(bp) -> None:
    @bp.route("/abonnenten", methods=["GET", "POST"])
    @require_roles("newsletter.editor")  # personal data: the department only
    def subscribers():
        rt = runtime_of()
        form = SubscriberForm()
        listing = Listing.from_request(page_size=PAGE_SIZE, filters=("status", "topic", *DATE_FILTERS))
        with rt.engine.connect() as conn:
            form.topics.choices = _topic_choices(conn)
            status = choice(listing, "status", SUBSCRIBER_STATES)
            topic = choice(listing, "topic", dict(form.topics.choices))
            since, until, errors = period(listing)
            page = listing.fetch(conn, listings.subscribers(q=listing.q, status=status, topic=topic, since=since,
                                                            until=until))
        if form.validate_on_submit():
            if not current_principal().has_any(["newsletter.editor"]):
                abort(403)
            try:
                subscriptions.subscribe(rt.uow(), rt.settings, email=form.email.data, name=form.name.data or "",
                                        topics=form.topics.data, language=form.language.data,
                                        consent_text_version=form.consent_text_version.data,
                                        form=form.consent_form.data, source="department",
                                        evidence=form.consent_evidence.data, actor=current_principal().user)
            except NewsletterError as exc:
                form.email.errors.append(error_text(exc))
            else:
                flash(_("%(email)s ist eingetragen; die Bestätigungsmail geht raus.", email=form.email.data),
                      "success")
                return redirect(url_for("ui.subscribers"))
        return render_template("newsletter/subscribers.html", form=form, page=page, listing=listing, status=status,
                               topic=topic, topics=form.topics.choices, topic_names=dict(form.topics.choices),
                               filter_errors=errors), (422 if form.errors else 200)

    @bp.route("/abonnenten/import", methods=["GET", "POST"])
    @require_roles("newsletter.editor")
    def subscribers_import():
        form, result = ImportForm(), None
        if form.validate_on_submit():
            text = form.file.data.read().decode("utf-8-sig", errors="replace")
            try:
                result = csvio.import_csv(runtime_of(), text, actor=current_principal().user)
            except NewsletterError as exc:
                form.file.errors.append(error_text(exc))
        return render_template("newsletter/import.html", form=form, result=result, columns=csvio.COLUMNS,
                               required=csvio.REQUIRED), (422 if form.errors else 200)

    @bp.get("/abonnenten/import/vorlage.csv")
    @require_roles("newsletter.editor")
    def subscribers_import_template():
        """An empty import file with the German column headings, for the spreadsheet the clerk fills in."""
        return Response("\ufeff" + csvio.template_csv(), mimetype="text/csv", headers={
            "Content-Disposition": "attachment; filename=Newsletter-Import_Vorlage.csv"})

    @bp.get("/abonnenten/export.csv")
    @require_roles("newsletter.editor")
    def subscribers_export():
        with runtime_of().engine.connect() as conn:
            body = csvio.export_csv(conn)
        return Response("\ufeff" + body, mimetype="text/csv",
                        headers={"Content-Disposition": "attachment; filename=newsletter-abonnenten.csv"})

    @bp.get("/abonnenten/<sid>")
    @require_roles("newsletter.editor")  # personal data: the department only
    def subscriber_detail(sid):
        with runtime_of().engine.connect() as conn:
            names = dict(_topic_choices(conn))
        return render_template("newsletter/subscriber.html", data=_export(sid), topic_names=names)

    @bp.get("/abonnenten/<sid>/einwilligung")
    @require_roles("newsletter.editor")  # personal data: the department only
    def consent_proof(sid):
        """Printable consent record (§ 7 UWG, Art. 7 Abs. 1 DSGVO). It is a legal proof: the record itself stays
        German in either UI language (only the page frame follows the reader's language)."""
        with runtime_of().engine.connect() as conn:
            names = dict(_topic_choices(conn))
        return render_template("newsletter/consent.html", data=_export(sid), topic_names=names)

    @bp.get("/abonnenten/<sid>/auskunft.json")
    @require_roles("newsletter.editor")
    def subscriber_json(sid):
        from flask import jsonify

        data = _export(sid)
        resp = jsonify(data)
        # named by the thing: whose data it is (the address, made safe for a file name), not by an id
        who = secure_filename(data["subscriber"]["email"].replace("@", "_at_")) or "Abonnent"
        resp.headers["Content-Disposition"] = f"attachment; filename=DSGVO-Auskunft_Newsletter_{who}.json"
        return resp

    @bp.post("/abonnenten/<sid>/<action>")
    @require_roles("newsletter.editor")
    def subscriber_action(sid, action):
        if action not in ("abmelden", "loeschen"):
            abort(404)
        form = ConfirmActionForm()
        if not form.validate_on_submit():
            flash(_("Bitte bestätigen Sie die Aktion mit dem Häkchen."), "error")
            return redirect(url_for("ui.subscriber_detail", sid=sid))
        rt, actor = runtime_of(), current_principal().user
        try:
            if action == "abmelden":
                subscriptions.unsubscribe(rt.uow(), sid, actor=actor, via="department")
                flash(_("Die Adresse ist abgemeldet."), "success")
            else:
                subscriptions.erase(rt.uow(), sid, actor=actor)
                flash(_("Die personenbezogenen Daten sind gelöscht."), "success")
        except (NotFound, NewsletterError, InvalidToken) as exc:
            flash(error_text(exc), "error")
        return redirect(url_for("ui.subscriber_detail", sid=sid))
