"""Helpers shared by the handlers: ids, clocks, loading rows, event payloads, funder notices."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select

from programmes.adapters.orm import funder, grant_award, programme, project
from programmes.domain.reference import NotFound
from servicekit.web.i18n import Msg


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return datetime.now(UTC).date()


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 when less than a month, negative when past), as finance
    counts them for its "funding ending soon" events."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


#: what a record is called in "… gibt es nicht." (by table)
WHAT = {"project": Msg("Das Projekt"), "programme": Msg("Das Programm"), "idea": Msg("Die Idee"),
        "report": Msg("Der Bericht"), "indicator": Msg("Der Indikator"), "funding_call": Msg("Der Förderaufruf")}


def not_found(table_name: str, key, what: str | None = None) -> NotFound:
    return NotFound(Msg("%(what)s „%(key)s“ gibt es nicht.", what=WHAT.get(table_name, what or table_name),
                        key=key))


def load(session, table, key, what: str | None = None, *, lock: bool = False) -> dict:
    stmt = select(table).where(table.c[table.primary_key.columns.keys()[0]] == key)
    if lock:
        stmt = stmt.with_for_update()
    row = session.execute(stmt).mappings().first()
    if row is None:
        raise not_found(table.name, key, what)
    return dict(row)


def load_project(session, project_id: str, *, lock: bool = False) -> dict:
    return load(session, project, project_id, "Das Projekt", lock=lock)


def load_programme(session, programme_id: str, *, lock: bool = False) -> dict:
    return load(session, programme, programme_id, "Das Programm", lock=lock)


def programme_event(row: dict) -> dict:
    return {
        "programme_id": row["id"], "name": row["name"], "short_name": row["short_name"] or "",
        "status": row["status"], "fields_of_action": list(row["fields_of_action"] or []),
        "funder_ids": list(row["funder_ids"] or []),
        "period_start": row["period_start"].isoformat() if row["period_start"] else None,
        "period_end": row["period_end"].isoformat() if row["period_end"] else None,
        "published": bool(row["published"]), "summary": row["summary"] or "",
    }


def project_event(row: dict, **extra) -> dict:
    return {
        "project_id": row["id"], "title": row["title"], "programme_id": row["programme_id"],
        "stage": row["stage"], "fields_of_action": list(row["fields_of_action"] or []),
        "districts": list(row["districts"] or []), **extra,
    }


def join_german(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " und " + names[-1]


def funder_names(session, funder_ids) -> list[dict]:
    ids = [i for i in dict.fromkeys(funder_ids or []) if i]
    if not ids:
        return []
    rows = session.execute(select(funder.c.id, funder.c.name, funder.c.public, funder.c.publicity_notice)
                           .where(funder.c.id.in_(ids)))
    known = {r.id: r for r in rows}
    return [{"id": i, "name": known[i].name, "notice": known[i].publicity_notice or ""}
            for i in ids if i in known and known[i].public]


def notice_for(funders: list[dict]) -> str:
    """The publicity line the funders require: "Gefördert von A, B und C"; a funder with its own required
    wording (publicity_notice) is quoted verbatim after it."""
    plain = [f["name"] for f in funders if not f.get("notice")]
    parts = [f"Gefördert von {join_german(plain)}."] if plain else []
    parts += [f["notice"].strip() for f in funders if f.get("notice")]
    return " ".join(dict.fromkeys(parts))


def project_funder_ids(session, row: dict) -> list[str]:
    ids = list(session.execute(select(grant_award.c.funder_id).where(grant_award.c.project_id == row["id"])
                               .order_by(grant_award.c.funder_id)).scalars())
    if row.get("programme_id"):
        prog = session.execute(select(programme.c.funder_ids).where(programme.c.id == row["programme_id"])).first()
        if prog:
            ids += list(prog.funder_ids or [])
    return ids
