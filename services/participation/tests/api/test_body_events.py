"""A body is announced to the other services by its name (participation.body.created/updated), so that finance
can offer it in the action fund's picker; a rename is announced, a save without a change is not."""

from sqlalchemy import select

from contracts.participation import BodyCreated, BodyUpdated
from participation.bootstrap import SPEC


def _outbox(svc, subject):
    outbox = SPEC.metadata.tables["outbox"]
    with svc.runtime.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(outbox.c.type, outbox.c.sequence)
                                               .where(outbox.c.subject == subject).order_by(outbox.c.position))]


def test_a_new_body_is_announced_by_name_and_a_rename_follows_on_its_subject(svc):
    made = svc.post("/api/participation/bodies", {"name": "Jugendforum Kaufbeuren", "type": "arbeitskreis"}).json
    [created] = svc.events("participation.body.created.v1")
    assert created == {"body_id": made["id"], "name": "Jugendforum Kaufbeuren", "body_type": "arbeitskreis",
                       "programme_id": None}
    assert BodyCreated().load(created)["name"] == "Jugendforum Kaufbeuren"  # valid against the contract

    renamed = svc.client.patch(f"/api/participation/bodies/{made['id']}", json={"name": "Jugendforum KF"},
                               headers=svc.editor)
    assert renamed.status_code == 200 and renamed.json["name"] == "Jugendforum KF"
    assert renamed.json["type"] == "arbeitskreis" and renamed.json["prefix"] == made["prefix"]
    [updated] = svc.events("participation.body.updated.v1")
    assert BodyUpdated().load(updated) == {"body_id": made["id"], "name": "Jugendforum KF",
                                           "body_type": "arbeitskreis", "programme_id": None}
    assert svc.get(f"/api/participation/bodies/{made['id']}").json["name"] == "Jugendforum KF"

    same = svc.client.patch(f"/api/participation/bodies/{made['id']}", json={"name": "Jugendforum KF"},
                            headers=svc.editor)
    assert same.status_code == 200
    # one announcement per change, in the body's own order
    assert [t for t, _ in _outbox(svc, made["id"])] == ["participation.body.created.v1",
                                                        "participation.body.updated.v1"]
    [(_, first), (_, second)] = _outbox(svc, made["id"])
    assert second == first + 1


def test_changing_a_body_is_refused_for_bad_input_unknown_bodies_and_viewers(svc):
    made = svc.post("/api/participation/bodies", {"name": "Netzwerk Senioren", "type": "netzwerk"}).json
    url = f"/api/participation/bodies/{made['id']}"
    short = svc.client.patch(url, json={"name": ""}, headers=svc.editor)
    assert short.status_code == 422 and "name" in short.json["errors"]
    retyped = svc.client.patch(url, json={"type": "begleitausschuss"}, headers=svc.editor)
    assert retyped.status_code == 422 and "type" in retyped.json["errors"]  # the type (and prefix) stays
    assert svc.client.patch("/api/participation/bodies/nobody", json={"name": "Rat"},
                            headers=svc.editor).status_code == 404
    assert svc.client.patch(url, json={"name": "Rat"}, headers=svc.viewer).status_code == 403
    assert svc.events("participation.body.updated.v1") == []
