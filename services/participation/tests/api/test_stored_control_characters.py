"""#19 output edges: text stored with control characters before the input rule (straight in the database) still
gives a valid calendar and a readable PDF, and the API refuses such text with a German field message."""

import io
from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import update

from participation.adapters.orm import event, person

PUBLIC = "/api/participation/public"


def test_a_stored_control_character_gives_a_valid_calendar(svc):
    starts = (datetime.now(UTC) + timedelta(days=10)).replace(microsecond=0)
    concert = svc.post("/api/participation/events", {"title": "Sommerkonzert", "starts_at": starts.isoformat(),
                                                      "place": "Stadtpark", "capacity": 5, "publish": True}).json
    with svc.runtime.engine.begin() as conn:
        conn.execute(update(event).where(event.c.id == concert["id"]).values(
            title="Sommer\x1bkonzert", place="Stadt\x00park", summary="Musik\x0bfür alle"))
    for url in (f"{PUBLIC}/events.ics", f"{PUBLIC}/events/{concert['id']}.ics"):
        answer = svc.client.get(url)
        assert answer.status_code == 200 and not any(b < 0x20 and b not in b"\t\r\n" for b in answer.data), url
        [vevent] = Calendar.from_ical(answer.data).walk("VEVENT")
        assert str(vevent["summary"]) == "Sommerkonzert" and str(vevent["location"]) == "Stadtpark"
        assert str(vevent["description"]) == "Musik\nfür alle"


def test_a_stored_control_character_gives_a_readable_pdf_and_the_api_refuses_one(svc):
    maria = svc.post("/api/participation/persons", {"name": "Maria Huber", "email": "maria@example.org"}).json
    refused = svc.post("/api/participation/persons", {"name": "Maria\x1b[2J Huber", "email": "m2@example.org"})
    assert refused.status_code == 422 and "Steuerzeichen" in refused.json["errors"]["name"][0]
    with svc.runtime.engine.begin() as conn:
        conn.execute(update(person).where(person.c.id == maria["id"]).values(name="Maria\x1b Huber\x00"))
    pdf = svc.get(f"/api/participation/persons/{maria['id']}/export.pdf", headers=svc.editor)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Maria Huber" in text and "\x1b" not in text
