"""The public read API answers exactly the shapes documented in docs/public-api.md."""

from programmes.bootstrap import SPEC

PROGRAMME = {"id", "name", "short_name", "status", "summary", "readability_score", "fields_of_action",
             "funder_notice", "funders", "period_start", "period_end"}
PROJECT = {"id", "title", "summary", "stage", "programme", "fields_of_action", "districts", "funder_notice"}


def test_public_shapes_match_the_documented_contract(make_client):
    client, runtime = make_client(SPEC)
    SPEC.seed(runtime)
    programmes = client.get("/api/programmes/public/programmes?page_size=50")
    assert programmes.status_code == 200 and "X-Pagination" in programmes.headers
    assert len(programmes.json) == 12 and all(set(p) == PROGRAMME for p in programmes.json)
    detail = client.get("/api/programmes/public/programmes/demo-biwaq").json
    assert set(detail) == PROGRAMME | {"description", "contact", "projects"}
    assert {p["id"] for p in detail["projects"]} == {"demo-stadtteilbuero-neugablonz", "demo-stadtteilbuero-haken"}
    assert set(detail["projects"][0]) == {"id", "title", "summary"}
    projects = client.get("/api/programmes/public/projects").json
    assert len(projects) == 6 and all(set(p) == PROJECT for p in projects)  # the demo's published projects
    truck = client.get("/api/programmes/public/projects/demo-juze-truck").json
    assert set(truck) == PROJECT | {"description", "indicators", "partners"}
    indicator = truck["indicators"][0]
    assert set(indicator) == {"name", "unit", "baseline", "target", "attainment_percent", "measurements"}
    assert set(indicator["measurements"][0]) == {"date", "value"} and indicator["attainment_percent"] == 63
    assert "responsible" not in truck and "Stadtjugendpflege" not in str(truck)
    assert client.get("/api/programmes/public/fields-of-action").json[0].keys() == {"code", "name"}
    assert len(client.get("/api/programmes/public/districts").json) == 5
    assert client.get("/api/programmes/public/projects?programme=demo-biwaq&district=haken").json[0]["id"] == \
        "demo-stadtteilbuero-haken"
    assert client.get("/api/programmes/public/programmes?district=neugablonz&status=running").json
