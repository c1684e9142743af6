"""PDF documents (fpdf2): DSGVO export, minutes, volunteer certificate. Unicode via DejaVu when installed."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF

from participation.domain.actors import LANGUAGES

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def jsonable(value):
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _de_date(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y, %H:%M Uhr")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value or "–")


class _Doc(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__()
        self.unicode = FONT.exists()
        if self.unicode:
            self.add_font("DejaVu", "", str(FONT))
            self.add_font("DejaVu", "B", str(FONT_BOLD if FONT_BOLD.exists() else FONT))
        self.family_name = "DejaVu" if self.unicode else "Helvetica"
        self.set_title(title)
        self.set_author("Kaufbeuren aktiv")
        self.add_page()
        self.set_font(self.family_name, "B", 15)
        self.multi_cell(0, 8, self._t(title), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_font(self.family_name, "", 10)

    def _t(self, text) -> str:
        text = str(text)
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font(self.family_name, "B", 12)
        self.multi_cell(0, 7, self._t(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family_name, "", 10)

    def line_(self, text: str) -> None:
        self.multi_cell(0, 5.5, self._t(text), new_x="LMARGIN", new_y="NEXT")

    def bytes(self) -> bytes:
        return bytes(self.output())


def person_export(data: dict) -> bytes:
    p = data["person"]
    doc = _Doc(f"Datenauskunft nach Art. 15 DSGVO: {p['name']}")
    doc.line_(f"Stand: {_de_date(datetime.now())}")
    doc.heading("Stammdaten")
    for label, key in (("Name", "name"), ("E-Mail", "email"), ("Telefon", "phone"), ("Anschrift", "address")):
        doc.line_(f"{label}: {p.get(key) or '–'}")
    doc.line_(f"Sprache für Einladungen und E-Mails: {LANGUAGES.get(p.get('language'), p.get('language') or '–')}")
    sections = (("Einwilligungen", "consents"), ("Mitgliedschaften in Gremien", "memberships"),
                ("Patenschaften", "sponsorships"), ("Ehrenamtsstunden", "hours"),
                ("Engagement-Anmeldungen", "signups"), ("Veranstaltungsanmeldungen", "registrations"))
    for title, key in sections:
        doc.heading(f"{title} ({len(data[key])})")
        for row in data[key]:
            doc.line_(json.dumps(jsonable({k: v for k, v in row.items() if k not in ("token",)}),
                                 ensure_ascii=False))
    return doc.bytes()


def minutes(m: dict) -> bytes:
    status = "genehmigt" if m["minutes_status"] == "approved" else "Entwurf"
    doc = _Doc(f"Protokoll: {m['title']}")
    doc.line_(f"Gremium: {m['body']['name']}")
    doc.line_(f"Datum: {_de_date(m['starts_at'])} · Ort: {m['place'] or '–'}")
    doc.line_(f"Status: {status}")
    q = m["quorum"]
    doc.line_(f"Beschlussfähigkeit: {'gegeben' if q['quorate'] else 'nicht gegeben'} "
              f"({q['present']} von {q['voting_members']} stimmberechtigten Mitgliedern anwesend)")
    doc.heading("Anwesenheit")
    for a in m["attendance"]:
        doc.line_(f"{a['person_name']} ({a['role']}): {'anwesend' if a['present'] else 'abwesend'}")
    doc.heading("Tagesordnung und Beschlüsse")
    for it in m["items"]:
        doc.line_(f"TOP {it['position']}: {it['title']}")
        for r in it["recusals"]:
            doc.line_(f"   Befangen: {r['name']}: {r['reason']}")
        d = it["decision"]
        if d:
            amount = f", Betrag {d['amount']} €" if d["amount"] is not None else ""
            doc.line_(f"   Beschluss {d['number']}: {d['outcome']} (Ja {d['votes_yes']}, Nein {d['votes_no']}, "
                      f"Enthaltung {d['votes_abstain']}){amount}")
    doc.heading("Protokolltext")
    doc.line_(m["minutes_text"] or "–")
    return doc.bytes()


def certificate(p: dict, rows: list[dict]) -> bytes:
    total = sum((Decimal(str(r["hours"])) for r in rows), Decimal("0"))
    doc = _Doc("Ehrenamtsnachweis")
    doc.line_(f"Hiermit bestätigen wir, dass {p['name']} sich ehrenamtlich in Kaufbeuren engagiert hat.")
    doc.heading("Geleistete Stunden")
    for r in rows:
        doc.line_(f"{_de_date(r['day'])}: {r['hours']} Std. · {r.get('opportunity_title') or 'Engagement'}"
                  f"{' · ' + r['note'] if r['note'] else ''}")
    doc.heading(f"Gesamt: {str(total).replace('.', ',')} Stunden")
    doc.ln(8)
    doc.line_("Kaufbeuren aktiv · Koordinierungszentrum Bürgerschaftliches Engagement")
    doc.line_(f"Kaufbeuren, den {_de_date(date.today())}")
    return doc.bytes()
