"""Department UI of public relations (Öffentlichkeitsarbeit): /intern/newsletter/."""

from flask import Blueprint


def ui_blueprint() -> Blueprint:
    from newsletter.ui import labels, pages

    bp = Blueprint("ui", __name__, template_folder="templates")

    @bp.context_processor
    def _labels():
        """The code labels in the reader's language, for every page of the newsletter UI."""
        return {"state_labels": labels.shown(labels.STATE_LABELS), "news_labels": labels.shown(labels.NEWS_LABELS),
                "issue_labels": labels.shown(labels.ISSUE_LABELS),
                "bounce_kinds": labels.shown(labels.BOUNCE_KINDS),
                "language_names": labels.shown(labels.LANGUAGES)}

    bp.add_app_template_filter(labels.datum_de, "datum_de")
    pages.register(bp)
    return bp
