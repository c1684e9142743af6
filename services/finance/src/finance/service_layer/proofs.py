"""Recording that a proof of use was submitted to the funder (the radar stops flagging it)."""

from __future__ import annotations

from finance.adapters.orm import proof_submission
from finance.domain.errors import Conflict
from finance.service_layer.actors import named
from finance.service_layer.common import funder_row, new_id, now
from servicekit.web.i18n import Msg


def submit_proof(uow, *, actor: str, project_id: str, funder_id: str, kind: str, year: int | None = None,
                 demo: bool = False, actor_name: str | None = None) -> dict:
    if kind == "interim" and year is None:
        raise Conflict(Msg("Ein Zwischennachweis braucht das Haushaltsjahr."))
    with uow:
        funder_row(uow.session, funder_id)
        row = {"id": new_id(), "project_id": project_id, "funder_id": funder_id, "kind": kind,
               "year": year if kind == "interim" else None, "submitted_at": now(), "demo": demo,
               **named(proof_submission, "submitted_by", actor, actor_name)}
        uow.session.execute(proof_submission.insert().values(**row))
        uow.audit(actor=actor, entity="proof_of_use", entity_id=row["id"], action="submitted",
                  changes={k: row[k] for k in ("project_id", "funder_id", "kind", "year")})
        uow.commit()
    return row
