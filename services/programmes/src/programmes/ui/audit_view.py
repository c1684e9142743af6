"""The audit log as a clerk reads it: what happened in words ("Phase gewechselt"), to which record by its name,
and every change as field label → value (names instead of codes and ids, dates and amounts in the reader's
format), never JSON."""

from __future__ import annotations

from datetime import date, datetime
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
from servicekit.web.i18n import Msg, _
from servicekit.web.ui import datum, euro

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
LONG = 160
REFERENCE = {"field_of_action": field_of_action, "district": district, "target_group": target_group}
#: the record a row is about, by entity: (table, column with its name)
NAMED = {"programme": (programme, "name"), "project": (project, "title"), "idea": (idea, "title"),
         "funding_call": (funding_call, "title"), "indicator": (indicator, "name"), "report": (report, "title"),
         "evaluation": (project, "title"), "sustainment_plan": (project, "title")}


class Lookup:
    """Names for the codes and ids that audit entries carry (loaded once per page)."""

    def __init__(self, conn) -> None:
        self.codes = {key: names(conn, table) for key, table in CODES.items()}
        self.programmes = dict(conn.execute(select(programme.c.id, programme.c.name)).all())
        self.funders = dict(conn.execute(select(funder.c.id, funder.c.name)).all())
        self.organisations = dict(conn.execute(select(organisation.c.id, organisation.c.name)).all())

    def value(self, key: str, raw, entity: str) -> str:
        if raw is None or raw == "" or raw == []:
            return "–"
        if key in CODES:
            return ", ".join(self.codes[key].get(c) or _("unbekannter Eintrag") for c in raw)
        if key == "partner_ids":
            return ", ".join(self.organisations.get(i) or _("unbekannte Organisation") for i in raw)
        if key in ("funder_ids", "funder_id"):
            ids = raw if isinstance(raw, list) else [raw]
            return ", ".join(self.funders.get(i) or _("noch nicht von der Kämmerei gemeldet") for i in ids)
        if key == "programme_id":
            return self.programmes.get(raw) or _("gelöschtes Programm")
        if key == "stage":
            return tr(STAGE_LABELS.get(raw, raw))
        if key == "status":
            return tr((REPORT_STATUSES if entity == "report" else PROGRAMME_STATUSES).get(raw, raw))
        if key == "kind":
            return tr(REPORT_KINDS.get(raw, raw))
        if key == "source":
            return tr(IDEA_SOURCES.get(raw, raw))
        if isinstance(raw, bool):
            return _("ja") if raw else _("nein")
        if key in MONEY or key in VALUES:
            try:
                return euro(Decimal(str(raw))) if key in MONEY else value_text(Decimal(str(raw)))
            except InvalidOperation:
                return str(raw)
        if isinstance(raw, list):
            return ", ".join(str(v) for v in raw)
        return _date(raw) or _short(str(raw))


def _date(raw) -> str | None:
    if isinstance(raw, date | datetime):
        return datum(raw)
    if isinstance(raw, str) and len(raw) >= 10 and raw[4:5] == "-" and raw[7:8] == "-":
        try:
            return datum(datetime.fromisoformat(raw) if len(raw) > 10 else date.fromisoformat(raw))
        except ValueError:
            return None
    return None


def _short(text: str) -> str:
    return text if len(text) <= LONG else text[:LONG].rstrip() + " …"


def changes(entry: dict, lookup: Lookup) -> list[tuple[str, str]]:
    """(field label, "before → after" or the value) for every change a person would read, in the order of the
    forms; ids, versions, timestamps and flags of the machinery are left out, and so are empty fields of a new
    record."""
    given, entity, out = entry.get("changes") or {}, entry["entity"], []
    for key in (k for k in FIELDS if k in given):
        raw = given[key]
        if isinstance(raw, dict) and set(raw) == {"vorher", "nachher"}:
            text = f"{lookup.value(key, raw['vorher'], entity)} → {lookup.value(key, raw['nachher'], entity)}"
        else:
            text = lookup.value(key, raw, entity)
            if text == "–":
                continue
        out.append((tr(FIELDS[key]), text))
    return out


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
    """The rows of one page as the screen shows them."""
    lookup, named = Lookup(conn), subjects(conn, rows)
    pids = {p for p in map(_project_of, rows) if p}
    titles = dict(conn.execute(select(project.c.id, project.c.title).where(project.c.id.in_(pids))).all()) \
        if pids else {}
    out = []
    for r in rows:
        subject = named.get((r["entity"], r["entity_id"]))
        if r["entity"] == "assessment":
            subject = titles.get(_project_of(r))
        elif r["entity"] == "workshop_setting":
            subject = _("Bestehensschwelle")
        out.append({**r, "action_label": tr(ACTIONS.get(r["action"], Msg("geändert"))),
                    "entity_label": tr(ENTITIES.get(r["entity"], Msg("Eintrag"))),
                    "subject": subject or _("gelöscht"),
                    "context": titles.get(_project_of(r)) if r["entity"] in ("indicator", "report") else None,
                    "link": _link(r), "changes_shown": changes(r, lookup)})
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
