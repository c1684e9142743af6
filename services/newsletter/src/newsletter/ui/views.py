"""Department UI of public relations (Öffentlichkeitsarbeit): /intern/newsletter/.

The UI's own static files (the send cockpit's script) are served at ``/intern/newsletter/_static/…``: under the
service's prefix, so the gateway forwards them like every other page of the department. The gateway's CSP allows
scripts from the own origin only (``script-src 'self'``), never inline ones."""

from flask import Blueprint

STATIC_URL_PATH = "/_static"


def ui_blueprint() -> Blueprint:
    from newsletter.ui import audit, labels, pages
    from servicekit.auth import current_principal

    bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static",
                   static_url_path=STATIC_URL_PATH)

    @bp.context_processor
    def _labels():
        """The code labels in the reader's language, for every page of the newsletter UI, and whether the reader
        may change things (``editor``: the department; a viewer reads, without subscribers' personal data)."""
        principal = current_principal()
        return {"editor": bool(principal and principal.has_any(["newsletter.editor"])),
                "state_labels": labels.shown(labels.STATE_LABELS), "news_labels": labels.shown(labels.NEWS_LABELS),
                "issue_labels": labels.shown(labels.ISSUE_LABELS),
                "bounce_kinds": labels.shown(labels.BOUNCE_KINDS),
                "language_names": labels.shown(labels.LANGUAGES)}

    bp.add_app_template_filter(labels.datum_de, "datum_de")
    bp.add_app_template_filter(audit.who, "akteur")
    bp.add_app_template_filter(labels.dauer, "dauer")
    pages.register(bp)
    return bp
