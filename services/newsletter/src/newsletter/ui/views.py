"""Department UI of public relations (Öffentlichkeitsarbeit): /intern/newsletter/."""

from flask import Blueprint


def ui_blueprint() -> Blueprint:
    from newsletter.ui import pages

    bp = Blueprint("ui", __name__, template_folder="templates")
    pages.register(bp)
    return bp
