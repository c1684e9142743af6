"""Static accessibility checks on every department page with demo data: labelled controls, unique ids,
one h1, German language, tables with header cells, SVG charts with titles."""

from html.parser import HTMLParser

from sqlalchemy import select

from programmes.adapters.orm import indicator
from programmes.bootstrap import SPEC

PAGES = ["/", "/programme", "/programme/neu", "/programme/demo-biwaq", "/projekte", "/projekte/neu",
         "/projekte/demo-juze-truck", "/projekte/demo-stadtteilbuero-haken", "/projekte/demo-juze-truck/werkstatt",
         "/board", "/board?programme=demo-biwaq", "/ideen", "/ideen/demo-idee-repair-cafe", "/aufrufe", "/radar", "/dashboard", "/berichte", "/berichte?status=planned", "/stammdaten", "/protokoll"]


class Audit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.duplicates, self.labels, self.controls, self.h1, self.lang = set(), [], set(), [], 0, None
        self.tables, self.th, self.svgs, self.svg_titles, self._in_svg = 0, 0, 0, 0, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            (self.duplicates.append(a["id"]) if a["id"] in self.ids else self.ids.add(a["id"]))
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(a.get("id") or a.get("name"))
        self.h1 += tag == "h1"
        self.tables += tag == "table"
        self.th += tag == "th"
        if tag == "svg":
            self.svgs += 1
            self._in_svg = True
        if tag == "title" and self._in_svg:
            self.svg_titles += 1

    def handle_endtag(self, tag):
        if tag == "svg":
            self._in_svg = False




def test_every_page_is_accessible_in_structure(make_client, auth_header):
    client, runtime = make_client(SPEC)
    SPEC.seed(runtime)
    headers = {**auth_header("programmes.editor"), "Accept": "text/html"}
    with runtime.engine.connect() as conn:
        ind = conn.execute(select(indicator.c.id).where(indicator.c.project_id == "demo-juze-truck")).scalar()
    edit_pages = ["/aufrufe/demo-aufruf-biwaq-2025", "/aufrufe/demo-aufruf-biwaq-2025/loeschen", f"/indikatoren/{ind}",
                  f"/indikatoren/{ind}/loeschen"]
    for path in PAGES + edit_pages:
        resp = client.get("/intern/programmes" + path, headers=headers)
        assert resp.status_code == 200, path
        audit = Audit()
        audit.feed(resp.text)
        assert audit.lang == "de", path
        assert audit.h1 == 1, path
        assert not audit.duplicates, (path, audit.duplicates)
        unlabelled = [c for c in audit.controls if c not in audit.labels]
        assert not unlabelled, (path, unlabelled)
        assert audit.tables == 0 or audit.th >= audit.tables, path
        assert audit.svg_titles >= audit.svgs, path
