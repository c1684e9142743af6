"""Shared steps of the department-screen tests (issue 12): a logged-in client, events as the other departments
send them, and what a person reads on a page (its text, without markup)."""

from __future__ import annotations

import html
import re

from newsletter.bootstrap import SPEC
from newsletter.subscribers import event_handlers
from servicekit.messaging.envelope import Envelope

from ..helpers import add_topics, sink_settings

# What must never be read on a screen: a UUID, 32 hex digits (our ids), an internal code such as "demo-…", an
# event type ("participation.event.published"), raw JSON.
IDENTIFIER = re.compile(r"\b[0-9a-f]{32}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|"
                        r"\bdemo-[a-z0-9-]+|\b(?:programmes|participation)\.[a-z]+\.[a-z]+\b", re.I)


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def visible(page: str) -> str:
    """The text of a page's body as a person reads it: no tags, attributes, scripts or form values."""
    body = page.split("<body", 1)[-1]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def ui(make_client, smtp_sink, auth_header, role="newsletter.editor", english=False):
    client, rt = make_client(SPEC, **sink_settings(smtp_sink))
    add_topics(rt)
    if english:
        client.set_cookie("aktiv_lang", "en")
    headers = {**auth_header(role, user="nina", name="Nina Newsletter"), "Accept": "text/html"}
    return client, rt, headers


def deliver(rt, type_: str, data: dict, sequence: int = 1) -> None:
    env = Envelope(type=type_, source="/services/test", subject="x", data=data, sequence=sequence)
    with rt.uow() as uow:
        event_handlers()[type_](uow, env)
        uow.commit()


def project_published(rt, project_id="p-juze", title="Juze-Truck", url="/projekte/p-juze"):
    deliver(rt, "programmes.project.published.v1", {
        "project_id": project_id, "title": title, "stage": "running",
        "summary": "Ein Bus bringt das Jugendzentrum in die Stadtteile.", "funder_notice": "", "url": url,
        "fields_of_action": ["jugend"], "districts": ["neugablonz"]})


def event_published(rt, event_id="e-fest", title="Stadtteilfest Haken", starts_at="2026-06-20T12:00:00+00:00"):
    deliver(rt, "participation.event.published.v1", {
        "event_id": event_id, "title": title, "starts_at": starts_at, "place": "Bürgerplatz",
        "summary": "Musik und Essen für alle.", "fields_of_action": ["kultur"], "districts": ["haken"]})
