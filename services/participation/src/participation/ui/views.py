"""Department UI of the network staff (Netzwerkarbeit): the overview here; persons and organisations in
``network.py``, bodies and memberships in ``bodies.py``, meetings and the meeting cockpit in ``cockpit.py``,
decisions in ``decisions.py``, events in ``events.py``, volunteering in ``volunteering.py``, the audit log in
``audit.py``."""

from __future__ import annotations

from flask import Blueprint

from participation import queries
from participation.ui import audit, bodies, cockpit, decisions, events, network, volunteering
from participation.ui.common import READ, conn, render
from servicekit.auth import require_roles


def ui_blueprint() -> Blueprint:
    bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static",
                   static_url_path="/_static")
    for module in (network, bodies, cockpit, decisions, events, volunteering, audit):
        module.register(bp)

    @bp.get("/")
    @require_roles(*READ)
    def index():
        with conn() as c:
            def first(stmt, n=8):
                return [dict(r) for r in c.execute(stmt.limit(n)).mappings()]

            return render("index", bodies=queries.bodies(c), meetings=first(queries.meetings_stmt(when="kommend")),
                          events=queries.with_seats(c, first(queries.events_stmt(when="kommend"))),
                          decisions=first(queries.decisions_stmt()))

    return bp
