"""What the stateful fuzzer found (#19): ``PATCH /organisations/{id}`` with ``{}`` was an ``UPDATE … SET WHERE``
(500). An empty or unchanged PATCH now answers the organisation as it is and records no change."""


def test_an_empty_or_unchanged_patch_of_an_organisation_answers_it_unchanged_without_an_event(svc):
    org = svc.post("/api/participation/organisations", {"name": "TSV Neugablonz", "kind": "verein"}).json
    url = f"/api/participation/organisations/{org['id']}"
    for body in ({}, {"name": "TSV Neugablonz"}):
        resp = svc.client.patch(url, json=body, headers=svc.editor)
        assert resp.status_code == 200, resp.get_data(as_text=True)
        assert (resp.json["id"], resp.json["name"]) == (org["id"], "TSV Neugablonz")
    assert svc.events("participation.organisation.updated.v1") == []
    renamed = svc.client.patch(url, json={"name": "TSV 1946 Neugablonz"}, headers=svc.editor)
    assert renamed.status_code == 200 and renamed.json["name"] == "TSV 1946 Neugablonz"
    assert [e["name"] for e in svc.events("participation.organisation.updated.v1")] == ["TSV 1946 Neugablonz"]
