"""Programmes (Förderprogramme), funding calls (Förderaufrufe) and ideas (Ideenakquise)."""

from __future__ import annotations

from programmes.adapters.orm import funding_call, idea, programme
from programmes.domain.reference import Conflict
from programmes.service_layer.common import load, load_programme, new_id, now, programme_event
from servicekit.auth import actor_name
from servicekit.web.i18n import Msg

PROGRAMME_FIELDS = ("name", "short_name", "status", "period_start", "period_end", "fields_of_action",
                    "funder_ids", "contact", "summary", "description")


def create_programme(uow, *, actor: str, id: str | None = None, demo: bool = False, **data) -> dict:
    with uow:
        values = {k: data.get(k) for k in PROGRAMME_FIELDS if k in data}
        values.update(id=id or new_id(), demo=demo, version=1, updated_at=now(), published=False)
        values.setdefault("fields_of_action", [])
        values.setdefault("funder_ids", [])
        for key in ("short_name", "contact", "summary", "description"):
            values[key] = values.get(key) or ""
        uow.session.execute(programme.insert().values(**values))
        row = load_programme(uow.session, values["id"])
        uow.publish("programmes.programme.created.v1", row["id"], programme_event(row))
        if row["status"] == "running":
            uow.publish("programmes.programme.started.v1", row["id"], programme_event(row))
        uow.audit(actor=actor, entity="programme", entity_id=row["id"], action="created", changes=values)
        uow.commit()
    return row


def update_programme(uow, programme_id: str, *, actor: str, check=None, **changes) -> dict:
    with uow:
        before = load_programme(uow.session, programme_id, lock=True)
        if check:
            check(before)
        values = {k: v for k, v in changes.items() if k in PROGRAMME_FIELDS or k == "published"}
        diff = {k: {"vorher": before[k], "nachher": v} for k, v in values.items() if before[k] != v}
        if diff:
            uow.session.execute(programme.update().where(programme.c.id == programme_id)
                                .values(**values, version=before["version"] + 1, updated_at=now()))
            row = load_programme(uow.session, programme_id)
            uow.publish("programmes.programme.updated.v1", programme_id, programme_event(row))
            if before["status"] != "running" and row["status"] == "running":
                uow.publish("programmes.programme.started.v1", programme_id, programme_event(row))
            uow.audit(actor=actor, entity="programme", entity_id=programme_id, action="updated", changes=diff)
        row = load_programme(uow.session, programme_id)
        uow.commit()
    return row


def set_programme_published(uow, programme_id: str, published: bool, *, actor: str) -> dict:
    return update_programme(uow, programme_id, actor=actor, published=published)


CALL_FIELDS = ("title", "funder_id", "deadline", "fields_of_action", "budget_min", "budget_max", "link")


def _check_budget(values: dict) -> None:
    if values.get("budget_min") is not None and values.get("budget_max") is not None \
            and values["budget_min"] > values["budget_max"]:
        raise Conflict(Msg("Das Mindestbudget darf nicht über dem Höchstbudget liegen."))


def create_call(uow, *, actor: str, id: str | None = None, demo: bool = False, **data) -> dict:
    with uow:
        _check_budget(data)
        values = {"id": id or new_id(), "demo": demo, "link": "", "fields_of_action": [], **data, "version": 1}
        values["link"] = values["link"] or ""
        uow.session.execute(funding_call.insert().values(**values))
        uow.audit(actor=actor, entity="funding_call", entity_id=values["id"], action="created", changes=values)
        uow.commit()
    return values


def update_call(uow, call_id: str, *, actor: str, check=None, **changes) -> dict:
    """Change a funding call; ``check(before)`` may refuse (ETag or the form's version)."""
    with uow:
        before = load(uow.session, funding_call, call_id, lock=True)
        if check:
            check(before)
        values = {k: v for k, v in changes.items() if k in CALL_FIELDS}
        if "link" in values:
            values["link"] = values["link"] or ""
        if "fields_of_action" in values:
            values["fields_of_action"] = list(values["fields_of_action"] or [])
        _check_budget({**before, **values})
        diff = {k: {"vorher": before[k], "nachher": v} for k, v in values.items() if before[k] != v}
        if diff:
            uow.session.execute(funding_call.update().where(funding_call.c.id == call_id)
                                .values(**values, version=before["version"] + 1))
            uow.audit(actor=actor, entity="funding_call", entity_id=call_id, action="updated", changes=diff)
        row = load(uow.session, funding_call, call_id)
        uow.commit()
    return row


def delete_call(uow, call_id: str, *, actor: str, check=None) -> dict:
    """Delete a funding call: it leaves the list, the deadline radar and the matching calls of ideas and
    projects (nothing else refers to it). The audit log keeps what it was."""
    with uow:
        before = load(uow.session, funding_call, call_id, lock=True)
        if check:
            check(before)
        uow.session.execute(funding_call.delete().where(funding_call.c.id == call_id))
        uow.audit(actor=actor, entity="funding_call", entity_id=call_id, action="deleted", changes=before)
        uow.commit()
    return before


def create_idea(uow, *, actor: str, id: str | None = None, demo: bool = False, **data) -> dict:
    with uow:
        values = {"id": id or new_id(), "demo": demo, "created_by": actor, "created_by_name": actor_name(actor),
                  "created_at": now(),
                  "description": "", "source_detail": "", "best_practice": False, "fields_of_action": [], **data}
        uow.session.execute(idea.insert().values(**values))
        uow.audit(actor=actor, entity="idea", entity_id=values["id"], action="created", changes=values)
        row = load(uow.session, idea, values["id"], "Die Idee")
        uow.commit()
    return row


def update_idea(uow, idea_id: str, *, actor: str, check=None, **changes) -> dict:
    """Change an idea; ``check(before)`` may refuse (ETag or the form's version)."""
    with uow:
        before = load(uow.session, idea, idea_id, "Die Idee", lock=True)
        if check:
            check(before)
        diff = {k: {"vorher": before[k], "nachher": v} for k, v in changes.items() if before[k] != v}
        if diff:
            uow.session.execute(idea.update().where(idea.c.id == idea_id)
                                .values(**changes, version=before["version"] + 1))
            uow.audit(actor=actor, entity="idea", entity_id=idea_id, action="updated", changes=diff)
        row = load(uow.session, idea, idea_id, "Die Idee")
        uow.commit()
    return row


def propose_project(uow, idea_id: str, *, actor: str, project_id: str | None = None, **data) -> dict:
    """An idea becomes a project proposal (stage "idea") that the idea workshop can assess."""
    from programmes.service_layer.projects import insert_project

    with uow:
        row = load(uow.session, idea, idea_id, "Die Idee", lock=True)
        if row["project_id"]:
            raise Conflict(Msg("Aus dieser Idee wurde schon ein Projekt vorgeschlagen."))
        values = {"title": row["title"], "description": row["description"],
                  "fields_of_action": row["fields_of_action"], **data}
        proj = insert_project(uow, actor=actor, id=project_id, source=row["source"], idea_id=idea_id,
                              demo=row["demo"], **values)
        uow.session.execute(idea.update().where(idea.c.id == idea_id).values(project_id=proj["id"]))
        uow.commit()
    return proj
