"""How the audit log of the network office reads: the kinds of record, the actions ("<entity>.<action>") and
the fields of the recorded changes with their labels; ids in the changes are named from the database (a person,
body, meeting, project), never shown. Labels are lazy gettext texts, given to ``servicekit.web.auditview`` as
one-element tuples (it shows ``str(label)``, which is the reader's language)."""

from __future__ import annotations

from sqlalchemy import select

from participation.adapters.orm import (
    body,
    event,
    meeting,
    membership,
    opportunity,
    organisation,
    person,
    project_view,
)
from participation.domain.actors import display_name
from participation.ui import labels
from servicekit.web.i18n import _l

ENTITIES = {
    "organisation": _l("Organisation"), "person": _l("Person"), "consent": _l("Einwilligung"),
    "body": _l("Gremium"), "membership": _l("Mitgliedschaft"), "meeting": _l("Sitzung"),
    "agenda_item": _l("Tagesordnungspunkt"), "minutes": _l("Protokoll"), "decision": _l("Beschluss"),
    "event": _l("Veranstaltung"), "registration": _l("Anmeldung zur Veranstaltung"),
    "opportunity": _l("Engagement-Angebot"), "signup": _l("Anmeldung zum Ehrenamt"),
    "sponsorship": _l("Patenschaft"), "hours": _l("Ehrenamtsstunden"),
}

ACTIONS = {
    "organisation.created": _l("Organisation angelegt"), "organisation.updated": _l("Organisation geändert"),
    "person.created": _l("Person angelegt"), "person.anonymised": _l("Person anonymisiert (Art. 17 DSGVO)"),
    "person.exported": _l("Datenauskunft erstellt (Art. 15 DSGVO)"),
    "consent.recorded": _l("Einwilligung erfasst"), "consent.withdrawn": _l("Einwilligung widerrufen"),
    "body.created": _l("Gremium angelegt"), "body.updated": _l("Gremium geändert"),
    "membership.created": _l("Mitglied eingetragen"), "membership.ended": _l("Mitgliedschaft beendet"),
    "meeting.scheduled": _l("Sitzung angelegt"), "meeting.invited": _l("Einladungen versandt"),
    "meeting.attendance": _l("Anwesenheit erfasst"),
    "agenda_item.created": _l("Tagesordnungspunkt ergänzt"), "agenda_item.vote": _l("Stimme erfasst"),
    "agenda_item.recusal": _l("Befangenheit vermerkt"),
    "minutes.drafted": _l("Protokollentwurf gespeichert"), "minutes.approved": _l("Protokoll genehmigt"),
    "decision.made": _l("Beschluss gefasst"),
    "event.created": _l("Veranstaltung angelegt"), "event.published": _l("Veranstaltung veröffentlicht"),
    "event.cancelled": _l("Veranstaltung abgesagt"),
    "registration.registered": _l("Angemeldet"), "registration.promoted": _l("Von der Warteliste nachgerückt"),
    "registration.cancelled": _l("Anmeldung storniert"),
    "opportunity.created": _l("Angebot angelegt"), "signup.requested": _l("Anmeldung eingegangen"),
    "signup.confirmed": _l("Anmeldung bestätigt"), "sponsorship.created": _l("Patenschaft eingetragen"),
    "hours.logged": _l("Stunden erfasst"),
}

_MONEY, _DATE = "money", "date"
FIELDS = {
    "name": (_l("Name"),), "kind": (_l("Art"),), "email": (_l("E-Mail"),), "phone": (_l("Telefon"),),
    "address": (_l("Anschrift"),), "language": (_l("Sprache"),), "type": (_l("Gremienart"),),
    "title": (_l("Titel"),), "starts_at": (_l("Beginn"),), "capacity": (_l("Plätze"),),
    "purpose": (_l("Zweck"),), "text_version": (_l("Fassung"),), "person_id": (_l("Person"),),
    "body_id": (_l("Gremium"),), "meeting_id": (_l("Sitzung"),), "membership_id": (_l("Mitglied"),),
    "role": (_l("Rolle"),), "voting": (_l("Stimmrecht"),), "valid_until": (_l("Letzter Tag"), "", _DATE),
    "project_id": (_l("Projekt"),), "amount": (_l("Betrag"), "", _MONEY), "choice": (_l("Stimme"),),
    "reason": (_l("Begründung"),), "number": (_l("Beschlussnummer"),), "outcome": (_l("Ergebnis"),),
    "tally": (_l("Stimmen"),), "yes": (_l("Ja"),), "no": (_l("Nein"),), "abstain": (_l("Enthaltung"),),
    "ignored_votes": (_l("Nicht gezählte Stimmen"),), "present": (_l("Anwesend"),),
    "mails": (_l("Einladungen"),), "chars": (_l("Zeichen"),), "approved_in": (_l("Genehmigt in der Sitzung"),),
    "registrations_cancelled": (_l("Stornierte Anmeldungen"),), "event_id": (_l("Veranstaltung"),),
    "status": (_l("Status"),), "was": (_l("vorher"),), "seats": (_l("Plätze"),),
    "opportunity_id": (_l("Engagement"),), "object": (_l("Objekt"),), "hours": (_l("Stunden"),),
    "day": (_l("Tag"), "", _DATE), "minutes_redacted": (_l("Geschwärzte Protokolle"),),
    "audit_entries_redacted": (_l("Geschwärzte Protokolleinträge"),),
}

_CODES = {"kind": {**labels.ORGANISATION_KINDS, **labels.OPPORTUNITY_KINDS}, "language": labels.LANGUAGES,
          "type": labels.BODY_TYPES, "role": labels.ROLES, "choice": labels.CHOICES, "outcome": labels.OUTCOMES,
          "purpose": labels.CONSENT_PURPOSES,
          "status": {**labels.REGISTRATION_STATUS, **labels.SIGNUP_STATUS},
          "was": {**labels.REGISTRATION_STATUS, **labels.SIGNUP_STATUS}}


def _names(conn, table, column, ids, *, anonymised=None) -> dict:
    ids = {i for i in ids if isinstance(i, str) and i}
    if not ids:
        return {}
    cols = [table.c[list(table.primary_key.columns)[0].name], column] + ([anonymised] if anonymised is not None
                                                                          else [])
    rows = conn.execute(select(*cols).where(cols[0].in_(ids))).all()
    return {r[0]: display_name(r[1], r[2]) if anonymised is not None else r[1] for r in rows}


def _referenced(entries, *keys) -> set:
    out = set()
    for e in entries:
        changes = e.get("changes") if isinstance(e.get("changes"), dict) else {}
        for key in keys:
            value = changes.get(key)
            out.update(value if isinstance(value, list) else [value])
    return out


def value_names(conn, entries) -> dict:
    """Field → {stored value: what a person reads}, for the ids and codes in ``entries``' changes."""
    members = {}
    ids = _referenced(entries, "membership_id", "present", "ignored_votes")
    if ids:
        rows = conn.execute(select(membership.c.id, person.c.name, person.c.anonymised)
                            .join(person, person.c.id == membership.c.person_id)
                            .where(membership.c.id.in_({i for i in ids if isinstance(i, str)}))).all()
        members = {r.id: display_name(r.name, r.anonymised) for r in rows}
    persons = _names(conn, person, person.c.name, _referenced(entries, "person_id"), anonymised=person.c.anonymised)
    out = {"membership_id": members, "present": members, "ignored_votes": members, "person_id": persons,
           "body_id": _names(conn, body, body.c.name, _referenced(entries, "body_id")),
           "meeting_id": _names(conn, meeting, meeting.c.title, _referenced(entries, "meeting_id")),
           "approved_in": _names(conn, meeting, meeting.c.title, _referenced(entries, "approved_in")),
           "project_id": _names(conn, project_view, project_view.c.title, _referenced(entries, "project_id")),
           "event_id": _names(conn, event, event.c.title, _referenced(entries, "event_id")),
           "opportunity_id": _names(conn, opportunity, opportunity.c.title, _referenced(entries, "opportunity_id")),
           "reason": lambda text: labels.recusal_reason(text) if str(text).startswith("Befangen:") else text}
    out.update({key: {code: str(name) for code, name in table.items()} for key, table in _CODES.items()})
    for key in ("person_id", "membership_id", "present", "ignored_votes"):
        out[key] = {k: labels.person_name(v) for k, v in out[key].items()}
    return out


def keyed(entries) -> list[dict]:
    """Entries with their action as "<entity>.<action>", the key of ``ACTIONS``."""
    return [{**e, "action": f"{e['entity']}.{e['action']}"} for e in entries]


def as_pairs(table: dict) -> dict:
    return {k: (v,) for k, v in table.items()}


def organisation_names(conn, ids) -> dict:
    return _names(conn, organisation, organisation.c.name, ids)
