"""iCalendar feed (RFC 5545) for published events, via the icalendar library."""

from __future__ import annotations

from datetime import UTC, timedelta

from icalendar import Calendar, Event


def _aware(value):
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def calendar(events: list[dict], public_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Kaufbeuren aktiv//Veranstaltungen//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Kaufbeuren aktiv: Veranstaltungen")
    for e in events:
        item = Event()
        item.add("uid", f"{e['id']}@kaufbeuren-aktiv")
        item.add("summary", e["title"])
        start = _aware(e["starts_at"])
        item.add("dtstart", start)
        item.add("dtend", _aware(e["ends_at"]) if e.get("ends_at") else start + timedelta(hours=2))
        item.add("dtstamp", start)
        if e.get("place"):
            item.add("location", e["place"])
        if e.get("summary"):
            item.add("description", e["summary"])
        item.add("url", f"{public_url}/veranstaltungen/{e['id']}")
        cal.add_component(item)
    return cal.to_ical()
