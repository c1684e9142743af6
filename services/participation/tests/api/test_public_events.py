from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

PUBLIC = "/api/participation/public"


@pytest.fixture
def concert(svc):
    starts = (datetime.now(UTC) + timedelta(days=10)).replace(microsecond=0)
    resp = svc.post("/api/participation/events", {
        "title": "Sommerkonzert im Park", "summary": "Musik für alle", "description": "Mit Kinderchor.",
        "starts_at": starts.isoformat(), "place": "Stadtpark", "capacity": 2, "publish": True,
        "fields_of_action": ["kultur"], "districts": ["altstadt"]})
    assert resp.status_code == 201, resp.json
    return resp.json


def _register(svc, event_id, name, **extra):
    return svc.client.post(f"{PUBLIC}/events/{event_id}/registrations",
                           json={"name": name, "email": f"{name.lower()}@example.org", "consent": True, **extra})


def _token_of(svc, email):
    mail = [m for m in svc.events("participation.mail.requested.v1") if m["to"] == email][-1]
    link = mail["context"]["cancel_link"]
    assert link.startswith("http://127.0.0.1:8080/veranstaltungen/abmelden?token=")
    return link.split("token=")[1]


def test_public_list_shows_published_upcoming_events_with_seats_and_no_personal_data(svc, concert):
    draft = svc.post("/api/participation/events", {"title": "Interne Planung",
                                                   "starts_at": concert["starts_at"], "capacity": 5}).json
    listing = svc.client.get(f"{PUBLIC}/events")
    assert listing.status_code == 200 and "X-Pagination" in listing.headers
    assert [e["id"] for e in listing.json] == [concert["id"]]
    e = listing.json[0]
    assert set(e) == {"id", "title", "summary", "starts_at", "ends_at", "place", "capacity", "seats_left",
                      "waiting_list_open", "fields_of_action", "districts"}
    assert (e["seats_left"], e["waiting_list_open"], e["fields_of_action"]) == (2, True, ["kultur"])
    assert svc.client.get(f"{PUBLIC}/events?q=sommer").json[0]["id"] == concert["id"]
    assert svc.client.get(f"{PUBLIC}/events?field=jugend").json == []
    assert svc.client.get(f"{PUBLIC}/events?district=altstadt").json[0]["id"] == concert["id"]
    detail = svc.client.get(f"{PUBLIC}/events/{concert['id']}").json
    assert detail["description"] == "Mit Kinderchor."
    assert svc.client.get(f"{PUBLIC}/events/{draft['id']}").status_code == 404
    [published] = svc.events("participation.event.published.v1")
    assert published["event_id"] == concert["id"]


def test_registration_confirms_then_waits_and_cancellation_promotes_with_mail(svc, concert):
    a = _register(svc, concert["id"], "Anna")
    b = _register(svc, concert["id"], "Ben")
    c = _register(svc, concert["id"], "Cem")
    assert (a.status_code, a.json) == (201, {"status": "confirmed"})
    assert b.json == {"status": "confirmed"}
    assert c.json == {"status": "waiting", "position": 1}
    assert svc.client.get(f"{PUBLIC}/events/{concert['id']}").json["seats_left"] == 0
    templates = [(m["to"], m["template"]) for m in svc.events("participation.mail.requested.v1")]
    assert ("cem@example.org", "registration_waiting") in templates
    cancel = svc.client.post(f"{PUBLIC}/registrations/cancel", json={"token": _token_of(svc, "anna@example.org")})
    assert (cancel.status_code, cancel.json) == (200, {"status": "cancelled"})
    regs = {r["name"]: r["status"] for r in svc.get(f"/api/participation/events/{concert['id']}/registrations").json}
    assert regs == {"Anna": "cancelled", "Ben": "confirmed", "Cem": "confirmed"}
    promoted = [m for m in svc.events("participation.mail.requested.v1") if m["template"] == "registration_promoted"]
    assert [m["to"] for m in promoted] == ["cem@example.org"]
    # published for confirmed seats only: Anna, Ben, then Cem when promoted from the waiting list
    confirmed = svc.events("participation.registration.confirmed.v1")
    assert [x["status"] for x in confirmed] == ["confirmed", "confirmed", "confirmed"]
    cem = next(r for r in svc.get(f"/api/participation/events/{concert['id']}/registrations").json
               if r["name"] == "Cem")
    assert confirmed[-1]["registration_id"] == cem["id"]
    again = svc.client.post(f"{PUBLIC}/registrations/cancel", json={"token": _token_of(svc, "anna@example.org")})
    assert again.json == {"status": "cancelled"}


def test_registration_needs_consent_and_valid_input(svc, concert):
    resp = svc.client.post(f"{PUBLIC}/events/{concert['id']}/registrations",
                           json={"name": "A", "email": "nope", "consent": False, "seats": 0, "spam": 1})
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    errors = resp.json["errors"]
    assert set(errors) == {"name", "email", "consent", "seats", "spam"}
    assert "Einwilligung" in errors["consent"][0]
    bad_token = svc.client.post(f"{PUBLIC}/registrations/cancel", json={"token": "x" * 20})
    assert bad_token.status_code == 422 and "ungültig" in bad_token.json["detail"]
    too_big = _register(svc, concert["id"], "Gruppe", seats=3)
    assert too_big.status_code == 422 and "nur 2 Plätze" in too_big.json["detail"]
    missing = _register(svc, "gibt-es-nicht", "Anna")
    assert missing.status_code == 404


def test_full_event_without_waiting_list_refuses(svc):
    starts = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    e = svc.post("/api/participation/events", {"title": "Stadtführung", "starts_at": starts, "capacity": 1,
                                                "waiting_list": False, "publish": True}).json
    assert _register(svc, e["id"], "Anna").json["status"] == "confirmed"
    full = _register(svc, e["id"], "Ben")
    assert full.status_code == 409 and "ausgebucht" in full.json["detail"]


def test_ical_feed_for_all_events_and_one_event(svc, concert):
    feed = svc.client.get(f"{PUBLIC}/events.ics")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    cal = Calendar.from_ical(feed.data)
    [vevent] = [c for c in cal.walk("VEVENT")]
    assert str(vevent["summary"]) == "Sommerkonzert im Park" and str(vevent["location"]) == "Stadtpark"
    answer = svc.client.get(f"{PUBLIC}/events/{concert['id']}.ics")
    one = Calendar.from_ical(answer.data)
    assert [str(v["uid"]) for v in one.walk("VEVENT")] == [f"{concert['id']}@kaufbeuren-aktiv"]
    # the file is named by the event, never by its id
    assert "filename=Sommerkonzert-im-Park.ics" in answer.headers["Content-Disposition"]
    assert concert["id"] not in answer.headers["Content-Disposition"]


def test_staff_event_endpoints(svc):
    starts = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    e = svc.post("/api/participation/events", {"title": "Workshop", "starts_at": starts, "capacity": 10}).json
    assert e["published"] is False
    assert svc.post(f"/api/participation/events/{e['id']}/publish").json["published"] is True
    assert svc.post(f"/api/participation/events/{e['id']}/publish").status_code == 409
    assert svc.get(f"/api/participation/events/{e['id']}").json["seats_left"] == 10
    assert [x["id"] for x in svc.get("/api/participation/events").json] == [e["id"]]
    naive = svc.post("/api/participation/events", {"title": "Ohne Zone", "starts_at": "2026-12-01T10:00:00",
                                                   "capacity": 1})
    assert naive.status_code == 422 and "starts_at" in naive.json["errors"]


def test_from_parameter_limits_the_list_to_later_events(svc, concert):
    later = (datetime.now(UTC) + timedelta(days=20)).isoformat()
    assert svc.client.get(f"{PUBLIC}/events", query_string={"from": later}).json == []
    earlier = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert len(svc.client.get(f"{PUBLIC}/events", query_string={"from": earlier}).json) == 1
    bad = svc.client.get(f"{PUBLIC}/events", query_string={"from": "gestern"})
    assert bad.status_code == 422 and "from" in bad.json["errors"]


def test_the_office_cancels_a_registration_and_the_waiting_list_moves_up(svc, concert):
    for name in ("Anna", "Ben", "Cem"):
        _register(svc, concert["id"], name)
    regs = {r["name"]: r["id"] for r in svc.get(f"/api/participation/events/{concert['id']}/registrations").json}
    url = f"/api/participation/events/{concert['id']}/registrations/{regs['Ben']}/cancel"
    assert svc.post(url, headers=svc.viewer).status_code == 403
    done = svc.post(url)
    assert (done.status_code, done.json) == (200, {"status": "cancelled", "promoted": [regs["Cem"]]})
    assert svc.post(url).status_code == 409
    other = svc.post("/api/participation/events", {"title": "Anderes Fest", "capacity": 5, "publish": True,
                                                   "starts_at": concert["starts_at"]}).json
    assert svc.post(f"/api/participation/events/{other['id']}/registrations/{regs['Anna']}/cancel").status_code == 404
    statuses = {r["name"]: r["status"] for r in svc.get(f"/api/participation/events/{concert['id']}/registrations").json}
    assert statuses == {"Anna": "confirmed", "Ben": "cancelled", "Cem": "confirmed"}


def test_a_cancelled_event_leaves_the_public_list_and_tells_the_registrants(svc, concert):
    _register(svc, concert["id"], "Anna")
    _register(svc, concert["id"], "Grace", language="en")
    anna_token = _token_of(svc, "anna@example.org")
    resp = svc.post(f"/api/participation/events/{concert['id']}/cancel", {"reason": "Unwetterwarnung."})
    assert resp.status_code == 200 and resp.json["cancelled_at"]
    assert svc.client.get(f"{PUBLIC}/events").json == []
    assert svc.client.get(f"{PUBLIC}/events/{concert['id']}").status_code == 404
    assert svc.client.get(f"{PUBLIC}/events/{concert['id']}.ics").status_code == 404
    assert _register(svc, concert["id"], "Cem").status_code == 404
    notices = {m["to"]: m for m in svc.events("participation.mail.requested.v1") if m["template"] == "generic"}
    assert notices["anna@example.org"]["context"]["subject"] == "Abgesagt: Sommerkonzert im Park"
    assert notices["anna@example.org"]["context"]["body"].endswith("Unwetterwarnung.")
    assert notices["grace@example.org"]["context"]["subject"] == "Cancelled: Sommerkonzert im Park"
    # the cancellation link from the earlier mail still answers: the registration is cancelled already
    again = svc.client.post(f"{PUBLIC}/registrations/cancel", json={"token": anna_token})
    assert (again.status_code, again.json) == (200, {"status": "cancelled"})
    assert svc.post(f"/api/participation/events/{concert['id']}/publish").status_code == 409
    assert svc.post(f"/api/participation/events/{concert['id']}/cancel", {"reason": "x" * 501}).status_code == 422


def test_calling_off_a_published_event_tells_the_other_services_once(svc, concert):
    from sqlalchemy import select

    from contracts.participation import EventCancelled
    from participation.bootstrap import SPEC

    resp = svc.post(f"/api/participation/events/{concert['id']}/cancel", {"reason": "Unwetterwarnung."})
    assert resp.status_code == 200
    again = svc.post(f"/api/participation/events/{concert['id']}/cancel", {"reason": "Noch einmal."})
    assert again.status_code == 409  # called off already: nothing new is announced
    [cancelled] = svc.events("participation.event.cancelled.v1")
    assert cancelled == {"event_id": concert["id"], "title": "Sommerkonzert im Park",
                         "cancelled_at": cancelled["cancelled_at"], "reason": "Unwetterwarnung."}
    assert EventCancelled().load(cancelled)["cancelled_at"].tzinfo is not None  # valid against the contract
    outbox = SPEC.metadata.tables["outbox"]
    with svc.runtime.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.type, outbox.c.subject, outbox.c.sequence)
                            .where(outbox.c.subject == concert["id"]).order_by(outbox.c.position)).all()
    # the same subject as its publication, one step later in the event's own sequence
    assert [(t, s) for t, s, _ in rows] == [("participation.event.published.v1", concert["id"]),
                                            ("participation.event.cancelled.v1", concert["id"])]
    assert rows[1][2] == rows[0][2] + 1


def test_an_unpublished_event_is_called_off_without_an_announcement(svc, concert):
    draft = svc.post("/api/participation/events", {"title": "Interne Planung",
                                                   "starts_at": concert["starts_at"], "capacity": 5}).json
    assert svc.post(f"/api/participation/events/{draft['id']}/cancel", {"reason": ""}).status_code == 200
    assert svc.events("participation.event.cancelled.v1") == []
