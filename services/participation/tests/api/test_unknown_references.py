"""What the fuzzer found (#19): an optional reference in a request body that names nothing (an empty string
included) is a German 422 problem+json on that field and writes nothing; before, an empty string slipped past the
check and the database's foreign key answered 500."""

import pytest

API = "/api/participation"


def _refused(resp, field: str, says: str) -> None:
    assert resp.status_code == 422, resp.get_data(as_text=True)
    assert resp.mimetype == "application/problem+json"
    assert list(resp.json["errors"]) == [field]
    assert says in resp.json["errors"][field][0] and says in resp.json["detail"]


@pytest.mark.parametrize("organisation_id", ["", "nope"])
def test_an_opportunity_of_an_unknown_organisation_is_a_422_on_organisation_id(svc, organisation_id):
    before = svc.get(f"{API}/opportunities").json
    resp = svc.post(f"{API}/opportunities", {"title": "Lesepatenschaft", "organisation_id": organisation_id})
    _refused(resp, "organisation_id", f"Die Organisation „{organisation_id}“ gibt es nicht.")
    assert svc.get(f"{API}/opportunities").json == before


def test_an_opportunity_without_organisation_and_one_of_a_known_organisation_are_created(svc):
    club = svc.post(f"{API}/organisations", {"name": "Caritas", "kind": "verein"}).json
    assert svc.post(f"{API}/opportunities", {"title": "Vorlesen", "organisation_id": None}).status_code == 201
    known = svc.post(f"{API}/opportunities", {"title": "Besuchsdienst", "organisation_id": club["id"]})
    assert known.status_code == 201 and known.json["organisation_id"] == club["id"]
    listed = {o["title"]: o["organisation_name"] for o in svc.get(f"{API}/opportunities").json}
    assert listed == {"Vorlesen": None, "Besuchsdienst": "Caritas"}


def test_a_person_of_an_unknown_organisation_is_a_422(svc):
    resp = svc.post(f"{API}/persons", {"name": "Eva Lang", "organisation_id": ""})
    _refused(resp, "organisation_id", "Die Organisation „“ gibt es nicht.")
    assert svc.get(f"{API}/persons?q=Eva").json == []


def test_sponsorships_and_hours_for_an_unknown_opportunity_are_a_422(svc):
    person = svc.post(f"{API}/persons", {"name": "Eva Lang"}).json
    resp = svc.post(f"{API}/sponsorships", {"person_id": person["id"], "opportunity_id": "", "object": "Spielplatz",
                                            "since": "2026-01-01"})
    _refused(resp, "opportunity_id", "Das Engagement-Angebot „“ gibt es nicht.")
    resp = svc.post(f"{API}/hours", {"person_id": person["id"], "opportunity_id": "nope", "day": "2026-01-02",
                                     "hours": "2.00"})
    _refused(resp, "opportunity_id", "Das Engagement-Angebot „nope“ gibt es nicht.")
    assert svc.get(f"{API}/sponsorships").json == [] and svc.get(f"{API}/hours?person_id={person['id']}").json == []


def test_a_membership_and_an_agenda_item_of_an_unknown_organisation_are_a_422(svc, committee):
    body, meeting = committee["body"], committee["meeting"]
    person = svc.post(f"{API}/persons", {"name": "Eva Lang"}).json
    members = len(svc.get(f"{API}/bodies/{body['id']}").json["members"])
    resp = svc.post(f"{API}/bodies/{body['id']}/memberships", {"person_id": person["id"], "role": "member",
                                                                "organisation_id": ""})
    _refused(resp, "organisation_id", "Die Organisation „“ gibt es nicht.")
    assert len(svc.get(f"{API}/bodies/{body['id']}").json["members"]) == members
    resp = svc.post(f"{API}/meetings/{meeting['id']}/items", {"title": "Kleinprojekt", "applicant_organisation_id": ""})
    _refused(resp, "applicant_organisation_id", "Die antragstellende Organisation „“ gibt es nicht.")
    assert [i["title"] for i in svc.get(f"{API}/meetings/{meeting['id']}").json["items"]] == [
        "Kleinprojekt Graffiti-Workshop"]
