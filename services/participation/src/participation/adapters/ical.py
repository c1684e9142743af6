"""iCalendar feed (RFC 5545) for published events, via the icalendar library: times in Europe/Berlin (TZID with
its VTIMEZONE), so a calendar shows the time on the clock in Kaufbeuren whatever zone it runs in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from servicekit.formats import local
from servicekit.text import for_output


def calendar(events: list[dict], public_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Kaufbeuren aktiv//Veranstaltungen//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Kaufbeuren aktiv: Veranstaltungen")
    cal.add("x-wr-timezone", "Europe/Berlin")
    for e in events:
        item = Event()
        item.add("uid", f"{e['id']}@kaufbeuren-aktiv")
        # RFC 5545 allows no control character but tab; text stored before the input rule may hold one
        item.add("summary", for_output(e["title"]))
        start = local(e["starts_at"])
        item.add("dtstart", start)
        item.add("dtend", local(e["ends_at"]) if e.get("ends_at") else start + timedelta(hours=2))
        item.add("dtstamp", datetime.now(UTC))
        if e.get("place"):
            item.add("location", for_output(e["place"]))
        if e.get("summary"):
            item.add("description", for_output(e["summary"]))
        item.add("url", f"{public_url}/veranstaltungen/{e['id']}")
        cal.add_component(item)
    if events:  # the zone's rules for the years the feed spans, not since 1970
        years = [local(e["starts_at"]).year for e in events]
        cal.add_missing_timezones(first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1))
    return cal.to_ical()
