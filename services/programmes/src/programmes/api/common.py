"""Helpers for the API views: acting user, ETag data, readability, reference checks, paging."""

from __future__ import annotations

from flask import request
from flask_smorest.etag import EtagMixin
from flask_smorest.exceptions import PreconditionFailed, PreconditionRequired
from sqlalchemy import select

from programmes.adapters.orm import district, field_of_action, funder, organisation, programme, target_group
from programmes.queries import names
from servicekit.auth import current_principal
from servicekit.readability import amstad
from servicekit.web import Problem
from servicekit.web.app import runtime_of

READ_ROLES = ("programmes.editor", "viewer", "finance.clerk", "finance.approver", "participation.editor",
              "newsletter.editor")
WRITE_ROLES = ("programmes.editor",)


def actor() -> str:
    principal = current_principal()
    return principal.user if principal else "system"


def rt():
    return runtime_of()


def tag(row: dict) -> dict:
    """What the ETag is computed from: the record's identity and version."""
    return {"id": row["id"], "version": row["version"]}


def project_tag(row: dict) -> dict:
    """ETag data of a record that belongs to exactly one project (evaluation, sustainment plan)."""
    return {"id": row["project_id"], "version": row["version"]}


def etag_header(data: dict) -> dict:
    """The ETag response header for ``data`` (as ``blp.set_etag`` computes it)."""
    return {"ETag": f'"{EtagMixin._generate_etag(data)}"'}


def check_overwrite(tagger=project_tag):
    """ETag check for a PUT that creates the record the first time and overwrites it afterwards: the first
    save needs no If-Match (there is nothing to overwrite); later ones need it (428) and it must be current
    (412), so two editors cannot silently overwrite each other."""
    def check(before):
        if before is None:
            return
        if not request.if_match:
            raise PreconditionRequired
        if EtagMixin._generate_etag(tagger(before)) not in request.if_match:
            raise PreconditionFailed
    return check


def readability(text: str) -> dict:
    result = amstad(text or "")
    return {"score": result.score, "label": result.label_de, "warning": result.warning}


def check_codes(data: dict, current: dict | None = None) -> None:
    """Unknown fields of action, districts, target groups or partners → 422 with field errors. Deactivated
    entries: a new record (POST) takes none; an edit may keep those ``current`` (the stored record) already
    has, but may not add one."""
    tables = {"fields_of_action": field_of_action, "districts": district, "target_groups": target_group}
    errors = {}
    with rt().engine.connect() as conn:
        for key, table in tables.items():
            if key in data:
                known, active = names(conn, table), names(conn, table, active_only=True)
                bad = [c for c in data[key] if c not in known]
                if bad:
                    errors[key] = [f"Unbekannte Kürzel: {', '.join(bad)}."]
                else:
                    # a new record takes only active entries; an edit may keep the ones it already has
                    kept = set() if request.method == "POST" or current is None else set(current.get(key) or ())
                    inactive = [c for c in data[key] if c not in active and c not in kept]
                    if inactive:
                        errors[key] = [f"Nicht mehr aktive Kürzel: {', '.join(inactive)}."]
        if data.get("programme_id"):
            if conn.execute(select(programme.c.id).where(programme.c.id == data["programme_id"])).first() is None:
                errors["programme_id"] = ["Unbekanntes Programm."]
        if data.get("partner_ids"):
            known = set(conn.execute(select(organisation.c.id)).scalars())
            bad = [c for c in data["partner_ids"] if c not in known]
            if bad:
                errors["partner_ids"] = [f"Unbekannte Organisationen: {', '.join(bad)}."]
    if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
        errors["period_end"] = ["Das Ende darf nicht vor dem Beginn liegen."]
    if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
        errors["end_date"] = ["Das Ende darf nicht vor dem Beginn liegen."]
    if errors:
        raise Problem(422, errors=errors)


def known_funder(conn, funder_id: str | None) -> bool:
    """Is ``funder_id`` in the funder read model (fed by finance's events)? No funder is fine too."""
    return not funder_id or conn.execute(select(funder.c.id).where(funder.c.id == funder_id)).first() is not None


def check_funder(data: dict) -> None:
    """An unknown funder of a report → 422 with a German field error."""
    with rt().engine.connect() as conn:
        if not known_funder(conn, data.get("funder_id")):
            raise Problem(422, errors={"funder_id": ["Unbekannter Fördermittelgeber."]})


def page(items: list, pagination_parameters) -> list:
    """One page of a short list computed in Python (matching calls of one project)."""
    pagination_parameters.item_count = len(items)
    start = pagination_parameters.first_item
    return items[start:start + pagination_parameters.page_size]


def sql_page(conn, stmt, pagination_parameters) -> list[dict]:
    """One page of a list in SQL: a COUNT over ``stmt`` and one LIMIT/OFFSET (X-Pagination from the count)."""
    from servicekit.web.listing import api_page

    return api_page(conn, stmt, pagination_parameters)
