import json
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from participation.bootstrap import SPEC


class Svc:
    def __init__(self, client, runtime, editor, viewer):
        self.client, self.runtime, self.editor, self.viewer = client, runtime, editor, viewer

    def post(self, url, json=None, headers=None):
        return self.client.post(url, json=json, headers=headers or self.editor)

    def put(self, url, json=None):
        return self.client.put(url, json=json, headers=self.editor)

    def get(self, url, headers=None):
        return self.client.get(url, headers=headers if headers is not None else self.editor)

    def events(self, type_=None) -> list[dict]:
        outbox = SPEC.metadata.tables["outbox"]
        with self.runtime.engine.connect() as conn:
            rows = conn.execute(select(outbox.c.type, outbox.c.payload).order_by(outbox.c.position)).all()
        return [json.loads(p)["data"] for t, p in rows if type_ is None or t == type_]


@pytest.fixture
def svc(make_client, auth_header):
    client, runtime = make_client(SPEC)
    return Svc(client, runtime, auth_header("participation.editor", user="netz"), auth_header("viewer"))


def known_project(svc, project_id: str, title: str, stage: str = "application") -> None:
    """programmes.project.* arrived: the project read model knows the project (agenda items may link it)."""
    from participation.service_layer.inbound import on_project

    with svc.runtime.uow() as w:
        on_project(w, SimpleNamespace(sequence=1, data={"project_id": project_id, "title": title, "stage": stage,
                                                         "programme_id": None}))
        w.commit()


@pytest.fixture
def committee(svc):
    """A Begleitausschuss with five voting members (one from the applicant club) and one advisory member."""
    club = svc.post("/api/participation/organisations", {"name": "Jugendclub Haken", "kind": "verein"}).json
    ids = {}
    body = svc.post("/api/participation/bodies", {"name": "Begleitausschuss", "type": "begleitausschuss"}).json
    for key, org, role in (("chair", None, "chair"), ("club", club["id"], "member"), ("m3", None, "member"),
                           ("m4", None, "member"), ("m5", None, "member"), ("adv", None, "advisory")):
        p = svc.post("/api/participation/persons", {"name": f"Person {key}", "email": f"{key}@example.org"}).json
        ids[key] = svc.post(f"/api/participation/bodies/{body['id']}/memberships",
                            {"person_id": p["id"], "role": role, "organisation_id": org}).json["id"]
        ids[key + "_person"] = p["id"]
    known_project(svc, "proj-graffiti", "Graffiti-Workshop")
    meeting = svc.post("/api/participation/meetings", {"body_id": body["id"], "title": "Sitzung März",
                                                        "starts_at": "2026-03-12T17:00:00+01:00",
                                                        "place": "Rathaus"}).json
    item = svc.post(f"/api/participation/meetings/{meeting['id']}/items",
                    {"title": "Kleinprojekt Graffiti-Workshop", "applicant_organisation_id": club["id"],
                     "amount": "1500.00", "project_id": "proj-graffiti"}).json
    return {"body": body, "meeting": meeting, "item": item, "club": club, "m": ids}
