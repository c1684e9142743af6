"""Shared fixtures of the programmes tests: a client with reference data and small API helpers."""

from dataclasses import dataclass

import pytest

from programmes.bootstrap import SPEC
from programmes.domain.assessment import CRITERIA
from programmes.service_layer import handlers


@dataclass
class Api:
    client: object
    runtime: object
    editor: dict
    viewer: dict

    def project(self, **fields) -> dict:
        body = {"title": "Juze-Truck", "summary": "Ein Bus bringt Jugendarbeit in die Stadtteile.",
                "fields_of_action": ["jugend"], "districts": ["neugablonz"], **fields}
        resp = self.client.post("/api/programmes/projects", json=body, headers=self.editor)
        assert resp.status_code == 201, resp.json
        return resp.json

    def assess(self, project_id: str, score: int = 3):
        body = {k: {"score": score, "reason": "In der Werkstatt besprochen"} for k in CRITERIA}
        resp = self.client.post(f"/api/programmes/projects/{project_id}/assessments",
                                json={**body, "assessors": ["Anna Berger", "Tom Kurz"]}, headers=self.editor)
        assert resp.status_code == 201, resp.json
        return resp.json

    @staticmethod
    def criteria(score: int = 2, reason: str = "In der Evaluation neu bewertet") -> dict:
        """The seven criteria re-assessed, as the evaluation needs them."""
        return {k: {"score": score, "reason": reason} for k in CRITERIA}

    def move(self, project_id: str, to: str, reason: str = "Weiter nach Plan", **extra):
        return self.client.post(f"/api/programmes/projects/{project_id}/transitions",
                                json={"to": to, "reason": reason, **extra}, headers=self.editor)


def seed_reference(runtime) -> None:
    for kind, items in (("field_of_action", [("jugend", "Jugend"), ("familie", "Familie")]),
                        ("district", [("neugablonz", "Neugablonz"), ("haken", "Haken")]),
                        ("target_group", [("jugendliche", "Jugendliche")])):
        for code, name in items:
            handlers.create_reference(runtime.uow(), kind, code=code, name=name, actor="test")


@pytest.fixture
def api(make_client, auth_header):
    client, runtime = make_client(SPEC)
    seed_reference(runtime)
    return Api(client, runtime, auth_header("programmes.editor", user="anna", name="Anna Berger"),
               auth_header("viewer", user="vera", name="Vera Viewer"))
