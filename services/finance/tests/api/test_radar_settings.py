"""The radar's thresholds come from AKTIV_FINANCE_RADAR_MONTHS; the API and the page take a look-ahead in months."""

import dataclasses

import pytest

from finance.domain.radar import DEFAULT_THRESHOLDS, InvalidThresholds, parse_thresholds
from finance.service_layer.radar import configured_thresholds


def _configure(runtime, value):
    runtime.settings = dataclasses.replace(runtime.settings, extra={**runtime.settings.extra, "RADAR_MONTHS": value})


def test_thresholds_are_parsed_from_the_setting():
    assert parse_thresholds("6,3,1") == (6, 3, 1)
    assert parse_thresholds(" 2; 12 ,2") == (12, 2)
    assert parse_thresholds("") == parse_thresholds(None) == DEFAULT_THRESHOLDS
    for bad in ("sechs", "0", "61", ","):
        with pytest.raises(InvalidThresholds, match="AKTIV_FINANCE_RADAR_MONTHS"):
            parse_thresholds(bad)


def test_configured_thresholds_drive_the_run_and_the_default_look_ahead(seeded, clerk):
    client, runtime = seeded
    assert configured_thresholds(runtime.settings) == (6, 3, 1)
    _configure(runtime, "4,2")
    view = client.get("/api/finance/radar?today=2027-01-15", headers=clerk).json
    assert view["months"] == 4 and [g["id"] for g in view["ending_soon"]] == ["demo-grant-mobikids-bayern"]
    emitted = client.post("/api/finance/radar/run?today=2027-01-15", headers=clerk).json
    assert [(e["grant_id"], e["threshold_months"]) for e in emitted] == [("demo-grant-mobikids-bayern", 4)]
    later = client.post("/api/finance/radar/run?today=2027-02-01", headers=clerk).json
    assert [e["threshold_months"] for e in later] == [2]


def test_radar_api_takes_a_look_ahead_in_months(seeded, clerk):
    client, _ = seeded
    soon = client.get("/api/finance/radar?today=2027-01-15&months=1", headers=clerk).json
    assert soon["months"] == 1 and soon["ending_soon"] == []
    year = client.get("/api/finance/radar?today=2027-01-15&months=24", headers=clerk).json
    assert {g["id"] for g in year["ending_soon"]} >= {"demo-grant-mobikids-bayern", "demo-grant-juze-truck-bosch"}
    bad = client.get("/api/finance/radar?months=0", headers=clerk)
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    assert bad.json["errors"]["months"] == ["Muss zwischen 1 und 60 liegen."]


def test_radar_page_shows_the_chosen_look_ahead(seeded, auth_header):
    client, runtime = seeded
    _configure(runtime, "9,3")
    h = {**auth_header("viewer"), "Accept": "text/html"}
    page = client.get("/intern/finance/radar", headers=h)
    assert "Förderungen, die in den nächsten 9 Monaten enden" in page.text
    assert "9 / 3 Monat(e) vor Ende einer Förderung" in page.text and 'name="monate"' in page.text
    chosen = client.get("/intern/finance/radar?monate=36", headers=h)
    assert "in den nächsten 36 Monaten enden" in chosen.text and 'value="36"' in chosen.text
    wrong = client.get("/intern/finance/radar?monate=99", headers=h)
    assert "Die Vorschau umfasst 1 bis 60 Monate" in wrong.text and "nächsten 9 Monaten" in wrong.text
    english = client.get("/intern/finance/radar?monate=12&lang=en", headers=h)
    assert "ending in the next 12 months" in english.text
