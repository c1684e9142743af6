"""The audit log as a clerk reads it: who by name and when in Berlin time, what by its name, the action in words
and the changes as field labels with values, never JSON, never an id.

The entries are written by the service layer with codes (``action="sending_started"``, ``changes={"at": …}``);
the kit's ``servicekit.web.auditview`` turns them into words with the labels below (lazy gettext texts, given to
it as one-element tuples: it shows ``str(label)``, the reader's language). A change without a label is not shown
(that is where ids live: ``source_id``, ``consent_id``, ``event_id``). This module adds what only the newsletter
knows: its own automatic actors (the sending engine, the bounce mailbox, a subscriber's click, another
department's event) and the names of the records an entry is about.
"""

from __future__ import annotations

from servicekit.web.auditview import audit_rows
from servicekit.web.i18n import _, _l
from servicekit.web.ui import datum, wer

ACTIONS = {
    "created": _l("angelegt"), "updated": _l("geändert"), "approved": _l("freigegeben"),
    "rejected": _l("abgelehnt"), "drafted": _l("Entwurf aus einem Ereignis angelegt"),
    "funder_notice_added": _l("Förderhinweis ergänzt"), "flagged": _l("Hinweis für die Redaktion gesetzt"),
    "scheduled": _l("Versand geplant"), "unscheduled": _l("Versand zurückgestellt"),
    "test_sent": _l("Testmail verschickt"), "sending_started": _l("Versand gestartet"),
    "sent": _l("Versand abgeschlossen"), "subscribe_requested": _l("Anmeldung angefordert"),
    "resubscribe_requested": _l("erneute Anmeldung angefordert"),
    "confirmed": _l("Anmeldung bestätigt (Double-Opt-in)"), "unsubscribed": _l("abgemeldet"),
    "erased": _l("personenbezogene Daten gelöscht"), "person_erased": _l("Löschung aus der Netzwerkarbeit übernommen"),
    "bounce_hard": _l("harter Rückläufer"), "bounce_soft": _l("weicher Rückläufer"),
}
ENTITIES = {"news_item": _l("Meldung"), "issue": _l("Ausgabe"), "subscriber": _l("Abonnent/in"),
            "erasure": _l("Löschung (DSGVO)")}
# No label for the counts still open when an issue is finished (always 0) and for ids: not shown.
FIELDS = {
    "title": _l("Titel"), "intro": _l("Einleitung"), "summary": _l("Kurzfassung"), "body": _l("Text"),
    "funder_notice": _l("Förderhinweis"), "link": _l("Link"), "topics": _l("Themen"),
    "news_ids": _l("Meldungen"), "at": _l("Versandzeitpunkt"), "recipients": _l("Empfänger"),
    "sent": _l("gesendet"), "failed": _l("fehlgeschlagen"), "skipped": _l("übersprungen"),
    "to": _l("Testempfänger"), "language": _l("Sprache"), "form": _l("Form der Einwilligung"),
    "consent_text_version": _l("Version des Einwilligungstexts"), "source": _l("Quelle"), "via": _l("Weg"),
    "status": _l("Statuscode des Servers"), "soft_bounces": _l("weiche Rückläufer bisher"),
    "reason": _l("Grund"), "editor_note": _l("Hinweis für die Redaktion"),
    "subscription_erased": _l("Abonnement gelöscht"),
}
VALUES = {
    "source": {"website": _l("Website"), "department": _l("Fachbereich"), "import": _l("CSV-Import"),
               "formular": _l("Formular im Fachbereich"), "api": _l("Schnittstelle"),
               "mailbox": _l("Rückläufer-Postfach")},
    "via": {"department": _l("Fachbereich (im Auftrag)"), "link": _l("Abmeldelink in der Mail")},
    "language": {"de": _l("Deutsch"), "en": _l("Englisch")},
    "form": {"website": _l("Anmeldeformular der Website")},
}
LONG_TEXT = 160


def who(name: str | None, actor: str | None = None, at=None) -> str:
    """"Frieda Freigabe, 07.12.2026, 12:42 Uhr" (the kit's ``wer``), and the service's own automatic actors by
    what they are: the sending engine, the bounce mailbox, a subscriber's own click, another department's event.
    A row from before actors were recorded shows its time only."""
    name, actor = (name or "").strip(), actor or ""
    if name:
        return wer(name, actor, at)
    if not actor:
        return datum(at) if at else "–"
    kind, _sep, rest = actor.partition(":")
    if actor == "versand":
        label = _("automatisch (Newsletter-Versand)")
    elif actor == "bounce-postfach":
        label = _("automatisch (Rückläufer-Postfach)")
    elif actor == "öffentlich":
        label = _("Abonnent/in selbst (Link in der Mail)")
    elif kind in ("ereignis", "dsgvo") and rest:
        return wer("", rest.split(".")[0], at)  # "automatisch (Netzwerkarbeit)", the kit's label of the service
    else:
        return wer("", actor, at)
    return f"{label}, {datum(at)}" if at else label


def subject(row, *, personal: bool) -> dict:
    """What the entry is about: ``{"kind": "Meldung", "name": "…", "href": "…"}``."""
    entity, entity_id = row.get("entity"), row.get("entity_id")
    kind = str(ENTITIES[entity]) if entity in ENTITIES else _("Eintrag")
    if entity == "news_item" and row.get("news_title"):
        return {"kind": kind, "name": row["news_title"], "href": f"/intern/newsletter/meldungen/{entity_id}"}
    if entity == "issue" and row.get("issue_title"):
        return {"kind": kind, "name": row["issue_title"], "href": f"/intern/newsletter/ausgaben/{entity_id}"}
    if entity == "subscriber" and personal and row.get("subscriber_email"):
        return {"kind": kind, "name": row["subscriber_email"], "href": f"/intern/newsletter/abonnenten/{entity_id}"}
    return {"kind": kind, "name": "", "href": ""}


def news_ids_in(rows) -> set[str]:
    """Every news item named in the entries' changes (one query finds their titles)."""
    found = set()
    for row in rows:
        data = row.get("changes") or {}
        if isinstance(data, dict) and isinstance(data.get("news_ids"), list):
            found.update(str(n) for n in data["news_ids"])
    return found


def _labelled(labels: dict) -> dict:
    return {code: (label,) for code, label in labels.items()}


def _short(text: str) -> str:
    return text if len(text) <= LONG_TEXT else text[:LONG_TEXT - 1].rstrip() + "…"


def entries(rows, *, personal: bool, topic_names: dict, news_titles: dict) -> list[dict]:
    """One page of audit rows (with ``news_title``/``issue_title``/``subscriber_email`` joined) as the table
    shows them: ``who`` ("Frieda Freigabe, 07.12.2026, 12:42 Uhr"), ``what`` (kind, name, link), ``action`` and
    ``changes`` [(label, value)]."""
    values = {key: {code: str(label) for code, label in table.items()} for key, table in VALUES.items()}
    values.update(topics=lambda code: topic_names.get(code, code),
                  news_ids=lambda nid: news_titles.get(nid) or _("eine Meldung"))
    described = audit_rows(rows, _labelled(ACTIONS), _labelled(FIELDS), values=values)
    return [{"who": who(r.get("actor_name"), r.get("actor") or "system", r.get("at")),
             "what": subject(r, personal=personal), "action": d.action,
             "changes": [(label, _short(value)) for label, value in d.changes]}
            for r, d in zip(rows, described, strict=True)]
