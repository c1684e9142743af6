"""Overview page."""

from flask import render_template

from newsletter import listings, queries
from servicekit.auth import require_roles
from servicekit.web.app import runtime_of


def register(bp) -> None:
    from newsletter.ui import issue_pages, news_pages, other_pages, subscriber_pages

    for module in (subscriber_pages, news_pages, issue_pages, other_pages):
        module.register(bp)

    @bp.get("/")
    @require_roles("newsletter.editor", "viewer")
    def index():
        with runtime_of().engine.connect() as conn:
            counts = queries.subscriber_counts(conn)
            drafts = queries.drafts_waiting(conn)
            latest = [dict(r) for r in conn.execute(listings.issues().limit(10)).mappings()]
        return render_template("newsletter/index.html", counts=counts, drafts=drafts, issues=latest)
