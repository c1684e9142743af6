"""The audit log as a clerk reads it: what happened in words ("Phase gewechselt"), to which record by its name,
and every change as field label → value (names instead of codes and ids, dates and amounts in the reader's
format), never JSON. The kit's ``servicekit.web.auditview`` does the words and values with the labels below;
this module adds what only programmes knows: the names of its codes and records."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from programmes.adapters.orm import (
    district,
    field_of_action,
    funder,
    funding_call,
    idea,
    indicator,
    organisation,
    programme,
    project,
    report,
    target_group,
)
from programmes.domain.lifecycle import STAGE_LABELS
from programmes.domain.reference import IDEA_SOURCES, PROGRAMME_STATUSES, REPORT_KINDS, REPORT_STATUSES
from programmes.queries import names
from programmes.texts import tr, value_text
from servicekit.web.auditview import audit_rows
from servicekit.web.i18n import Msg, _

ACTIONS = {"created": Msg("angelegt"), "updated": Msg("geändert"), "deleted": Msg("gelöscht"),
           "stage_changed": Msg("Phase gewechselt"), "published": Msg("veröffentlicht"),
           "unpublished": Msg("Veröffentlichung zurückgenommen"), "measured": Msg("Messwert erfasst"),
           "recorded": Msg("Evaluation erfasst"), "saved": Msg("gespeichert"), "renamed": Msg("umbenannt"),
           "deactivated": Msg("deaktiviert"), "activated": Msg("wieder aktiviert")}
ENTITIES = {"programme": Msg("Förderprogramm"), "project": Msg("Projekt"), "idea": Msg("Idee"),
            "funding_call": Msg("Förderaufruf"), "indicator": Msg("Indikator"), "report": Msg("Bericht"),
            "assessment": Msg("Bewertung in der Ideenwerkstatt"), "evaluation": Msg("Evaluation"),
            "sustainment_plan": Msg("Verstetigungsplan"), "workshop_setting": Msg("Ideenwerkstatt"),
            "field_of_action": Msg("Handlungsfeld"), "district": Msg("Stadtteil"),
            "target_group": Msg("Zielgruppe")}
FIELDS = {
    "name": Msg("Name"), "short_name": Msg("Kurzname"), "status": Msg("Status"),
    "period_start": Msg("Förderzeitraum von"), "period_end": Msg("Förderzeitraum bis"),
    "fields_of_action": Msg("Handlungsfelder"), "funder_ids": Msg("Fördermittelgeber"), "contact": Msg("Kontakt"),
    "summary": Msg("Kurzbeschreibung"), "description": Msg("Beschreibung"), "published": Msg("Veröffentlicht"),
    "title": Msg("Titel"), "funder_id": Msg("Fördermittelgeber"), "deadline": Msg("Frist"),
    "budget_min": Msg("Budget von"), "budget_max": Msg("Budget bis"), "link": Msg("Link"), "source": Msg("Quelle"),
    "source_detail": Msg("Quelle im Detail"), "best_practice": Msg("Best-Practice-Modell"),
    "programme_id": Msg("Programm"), "districts": Msg("Stadtteile"), "target_groups": Msg("Zielgruppen"),
    "partner_ids": Msg("Kooperationspartner"), "responsible": Msg("Verantwortlich"), "start_date": Msg("Beginn"),
    "end_date": Msg("Ende"), "stage": Msg("Phase"), "grund": Msg("Begründung"), "unit": Msg("Einheit"),
    "baseline": Msg("Ausgangswert"), "target": Msg("Zielwert"), "datum": Msg("Datum"), "wert": Msg("Wert"),
    "kind": Msg("Art"), "due_date": Msg("Fällig am"), "text": Msg("Berichtstext"),
    "submitted_on": Msg("Eingereicht am"), "goal_attainment": Msg("Zielerreichung"),
    "attainment_percent": Msg("Zielerreichung in %"), "lessons_learned": Msg("Lessons learned"),
    "total": Msg("Punkte"), "threshold": Msg("Bestehensschwelle"), "passed": Msg("Bestanden"),
    "continued_by": Msg("Wer führt weiter?"), "funding": Msg("Mit welchem Geld?"),
    "amount": Msg("Betrag pro Jahr"), "from_date": Msg("Ab wann?"), "notes": Msg("Notizen"),
    "active": Msg("Aktiv"), "assessors": Msg("Bewertende Personen"),
}
MONEY = ("budget_min", "budget_max", "amount")
VALUES = ("baseline", "target", "wert")
CODES = {"fields_of_action": field_of_action, "districts": district, "target_groups": target_group}
REFERENCE = {"field_of_action": field_of_action, "district": district, "target_group": target_group}
#: the record a row is about, by entity: (table, column with its name)
NAMED = {"programme": (programme, "name"), "project": (project, "title"), "idea": (idea, "title"),
         "funding_call": (funding_call, "title"), "indicator": (indicator, "name"), "report": (report, "title"),
         "evaluation": (project, "title"), "sustainment_plan": (project, "title")}


def _resolvers(conn) -> dict:
    """field → function naming a stored code or id (the kit's audit view calls it per value)."""
    codes = {key: names(conn, table) for key, table in CODES.items()}
    programmes = dict(conn.execute(select(programme.c.id, programme.c.name)).all())
    funders = dict(conn.execute(select(funder.c.id, funder.c.name)).all())
    organisations = dict(conn.execute(select(organisation.c.id, organisation.c.name)).all())
    statuses = {**PROGRAMME_STATUSES, **REPORT_STATUSES}  # the two sets of codes do not overlap

    def number(value):
        try:
            return value_text(Decimal(str(value)))
        except InvalidOperation:
            return str(value)

    out = {key: (lambda mapping: lambda c: mapping.get(c) or _("unbekannter Eintrag"))(codes[key]) for key in CODES}
    out.update({
        "partner_ids": lambda i: organisations.get(i) or _("unbekannte Organisation"),
        "funder_ids": lambda i: funders.get(i) or _("noch nicht von der Kämmerei gemeldet"),
        "funder_id": lambda i: funders.get(i) or _("noch nicht von der Kämmerei gemeldet"),
        "programme_id": lambda i: programmes.get(i) or _("gelöschtes Programm"),
        "stage": lambda c: tr(STAGE_LABELS[c]) if c in STAGE_LABELS else c,
        "status": lambda c: tr(statuses[c]) if c in statuses else c,
        "kind": lambda c: tr(REPORT_KINDS[c]) if c in REPORT_KINDS else c,
        "source": lambda c: tr(IDEA_SOURCES[c]) if c in IDEA_SOURCES else c,
        **{key: number for key in VALUES},
    })
    return {key: _each(name) for key, name in out.items()}


def _each(name):
    """The kit hands a resolver the whole {"vorher", "nachher"} change of a field: name both sides (and every
    code of a list; nothing reads "–")."""
    def named(value):
        if isinstance(value, dict) and set(value) == {"vorher", "nachher"}:
            return f"{named(value['vorher'])} → {named(value['nachher'])}"
        if value is None or value == "" or value == []:
            return "–"
        if isinstance(value, list):
            return ", ".join(name(v) for v in value)
        return name(value)
    return named


def _labels() -> tuple[dict, dict]:
    """Actions and fields for the kit's audit view, already in the reader's language (one-element tuples;
    money fields with the kit's ``money`` kind)."""
    actions = {key: (tr(label),) for key, label in ACTIONS.items()}
    fields = {key: (tr(label), tr(label), "money") if key in MONEY else (tr(label),) for key, label in FIELDS.items()}
    return actions, fields


def _in_form_order(entry: dict) -> dict:
    given = entry.get("changes")
    if not isinstance(given, dict):
        return entry
    return {**entry, "changes": {key: given[key] for key in FIELDS if key in given}}


def subjects(conn, rows: list[dict]) -> dict[tuple[str, str], str]:
    """(entity, entity_id) → the record's name, for the rows of one page (a deleted record: from its entry)."""
    found: dict[tuple[str, str], str] = {}
    wanted: dict[str, set[str]] = {}
    for r in rows:
        if r["entity"] in NAMED or r["entity"] in REFERENCE:
            wanted.setdefault(r["entity"], set()).add(r["entity_id"])
    for entity, ids in wanted.items():
        if entity in NAMED:
            table, column = NAMED[entity]
            found.update({(entity, str(i)): n for i, n in conn.execute(select(table.c.id, table.c[column])
                                                                     .where(table.c.id.in_(ids)))})
        else:  # reference data: integer ids
            table = REFERENCE[entity]
            found.update({(entity, str(i)): n for i, n in conn.execute(
                select(table.c.id, table.c.name).where(table.c.id.in_([int(i) for i in ids if i.isdigit()])))})
    for r in rows:  # deleted records keep their name in the entry's changes
        name = (r.get("changes") or {}).get("title") or (r.get("changes") or {}).get("name")
        if (r["entity"], r["entity_id"]) not in found and isinstance(name, str):
            found[(r["entity"], r["entity_id"])] = name
    return found


def search_ids(conn, q: str) -> set[str]:
    """Ids of the records whose name matches ``q`` (so the log can be searched by a project's title)."""
    from servicekit.db.search import matches

    ids: set[str] = set()
    for table, column in {(t, c) for t, c in NAMED.values()}:
        ids |= {str(i) for i in conn.execute(select(table.c.id).where(matches(q, table.c[column]))).scalars()}
    return ids


def _project_of(r: dict) -> str | None:
    pid = (r.get("changes") or {}).get("project_id")
    return pid if isinstance(pid, str) else None


def view(conn, rows: list[dict]) -> list[dict]:
    """The rows of one page as the screen shows them: the kit's audit view (who by name with the Berlin time,
    the action in words, changes as field → value) plus what only programmes knows: the record by its name."""
    actions, fields = _labels()
    shown = audit_rows([_in_form_order(r) for r in rows], actions, fields, values=_resolvers(conn))
    named = subjects(conn, rows)
    pids = {p for p in map(_project_of, rows) if p}
    titles = dict(conn.execute(select(project.c.id, project.c.title).where(project.c.id.in_(pids))).all()) \
        if pids else {}
    out = []
    for r, kit in zip(rows, shown, strict=True):
        subject = named.get((r["entity"], r["entity_id"]))
        if r["entity"] == "assessment":
            subject = titles.get(_project_of(r))
        elif r["entity"] == "workshop_setting":
            subject = _("Bestehensschwelle")
        out.append({**r, "by": kit.by, "action_label": kit.action,
                    "entity_label": tr(ENTITIES.get(r["entity"], Msg("Eintrag"))),
                    "subject": subject or _("gelöscht"),
                    "context": titles.get(_project_of(r)) if r["entity"] in ("indicator", "report") else None,
                    "link": _link(r),
                    # an empty field of a new record says nothing (a change always reads "a → b")
                    "changes_shown": [(label, text) for label, text in kit.changes if text != "–"]})
    return out


def _link(r: dict) -> str | None:
    base = "/intern/programmes"
    pid = _project_of(r)
    return {"programme": f"{base}/programme/{r['entity_id']}", "project": f"{base}/projekte/{r['entity_id']}",
            "evaluation": f"{base}/projekte/{r['entity_id']}?tab=evaluation",
            "sustainment_plan": f"{base}/projekte/{r['entity_id']}?tab=verstetigung",
            "assessment": f"{base}/projekte/{pid}?tab=werkstatt" if pid else None,
            "indicator": f"{base}/projekte/{pid}?tab=indikatoren" if pid else None,
            "report": f"{base}/projekte/{pid}?tab=berichte" if pid else None}.get(r["entity"])
