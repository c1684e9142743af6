"""Proof of use as CSV (semicolon, German number format) and PDF (fpdf2, DejaVu for € and umlauts)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from finance.domain.money import euro

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _num(value: Decimal) -> str:
    return f"{Decimal(value):.2f}".replace(".", ",")


def _datum(d) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"  # 10,000 receipts: much cheaper than strftime


def _dev(value) -> str:
    return "" if value is None else f"{(Decimal(value) * 100).quantize(Decimal('0.1'))} %".replace(".", ",")


def _title(report: dict) -> str:
    suffix = f" {report['year']}" if report["kind"] == "interim" and report["year"] else ""
    return f"{report['kind_name']}{suffix}: {report['project_title']} – {report['funder_name']}"


#: receipt-list layouts per funder report format: (header, row builder). The same bookings, each funder's format.
RECEIPT_LAYOUTS = {
    "standard": (["Position", "Beleg", "Datum", "Empfänger", "Zweck", "Betrag gesamt (EUR)", "Anteil {funder} (EUR)"],
                 lambda n, r: [r["position"], r["receipt_number"], _datum(r["booking_date"]), r["payee"], r["purpose"],
                               _num(r["amount"]), _num(r["share"])]),
    "esf": (["Lfd. Nr.", "Kostenposition", "Belegnummer", "Belegdatum", "Zahlungsempfänger", "Grund der Zahlung",
             "Gesamtbetrag", "davon zuwendungsfähig", "Anteil {funder}"],
            lambda n, r: [n, r["position"], r["receipt_number"], r["booking_date"].isoformat(), r["payee"],
                          r["purpose"], _num(r["amount"]), _num(r["amount"]), _num(r["share"])]),
    "bund": (["Pos. Finanzierungsplan", "Tag der Zahlung", "Empfänger", "Verwendungszweck", "Betrag EUR",
              "Anteil Zuwendung EUR"],
             lambda n, r: [r["position"], _datum(r["booking_date"]), r["payee"], r["purpose"], _num(r["amount"]),
                           _num(r["share"])]),
}


def to_csv(report: dict) -> str:
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow([_title(report)])
    w.writerow(["Planversion", report["plan_version"]])
    if report["publicity_notice"]:
        w.writerow(["Förderhinweis", report["publicity_notice"]])
    w.writerow([])
    w.writerow(["Zahlenmäßiger Nachweis"])
    w.writerow(["Kategorie", "Jahr", "Plan (EUR)", "Ist (EUR)", "Abweichung", "Über 20 %"])
    for n in report["numbers"]:
        w.writerow([n["category_name"], n["year"], _num(n["planned"]), _num(n["actual"]), _dev(n["deviation"]),
                    "ja" if n["flagged"] else "nein"])
    w.writerow(["Summe", "", _num(report["planned_total"]), _num(report["actual_total"]), "", ""])
    w.writerow([])
    w.writerow(["Belegliste"])
    header, line = RECEIPT_LAYOUTS.get(report.get("report_format", "standard"), RECEIPT_LAYOUTS["standard"])
    w.writerow([h.format(funder=report["funder_label"]) for h in header])
    for number, r in enumerate(report["receipts"], start=1):
        w.writerow(line(number, r))
    return out.getvalue()


def to_pdf(report: dict) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    if DEJAVU.exists():
        pdf.add_font("DejaVu", "", str(DEJAVU))
        pdf.add_font("DejaVu", "B", str(DEJAVU_BOLD if DEJAVU_BOLD.exists() else DEJAVU))
        family, money, clean = "DejaVu", euro, str
    else:  # core fonts are Latin-1 only: no €, no typographic dashes or quotes
        family, money, clean = "Helvetica", (lambda v: euro(v).replace("€", "EUR")), _latin1
    pdf.add_page()
    pdf.set_font(family, "B", 14)
    pdf.multi_cell(0, 7, clean(_title(report)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    pdf.cell(0, 6, f"Finanzierungsplan Version {report['plan_version']}", new_x="LMARGIN", new_y="NEXT")
    if report["publicity_notice"]:
        pdf.multi_cell(0, 5, clean("Förderhinweis: " + report["publicity_notice"]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(family, "B", 11)
    pdf.cell(0, 7, "Zahlenmäßiger Nachweis", new_x="LMARGIN", new_y="NEXT")
    widths = (55, 15, 35, 35, 25, 20)
    _row(pdf, family, clean, widths, ("Kategorie", "Jahr", "Plan", "Ist", "Abweichung", "> 20 %"), bold=True)
    for n in report["numbers"]:
        _row(pdf, family, clean, widths, (n["category_name"], str(n["year"]), money(n["planned"]), money(n["actual"]),
                                   _dev(n["deviation"]), "ja" if n["flagged"] else ""))
    totals = ("Summe", "", money(report["planned_total"]), money(report["actual_total"]), "", "")
    _row(pdf, family, clean, widths, totals, bold=True)
    pdf.ln(4)
    pdf.set_font(family, "B", 11)
    pdf.cell(0, 7, "Belegliste", new_x="LMARGIN", new_y="NEXT")
    widths = (14, 22, 20, 38, 50, 23, 23)
    _row(pdf, family, clean, widths, ("Pos.", "Beleg", "Datum", "Empfänger", "Zweck", "Gesamt", "Anteil"), bold=True)
    for r in report["receipts"]:
        _row(pdf, family, clean, widths, (r["position"], r["receipt_number"], _datum(r["booking_date"]),
                                   r["payee"][:24], r["purpose"][:34], money(r["amount"]), money(r["share"])))
    return bytes(pdf.output())


LATIN1 = str.maketrans({"€": "EUR", "–": "-", "—": "-", "„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'",
                       "’": "'", "…": "...", "\u00a0": " "})


def _latin1(value):
    """A copy of the report whose texts fit a core (Latin-1) font."""
    if isinstance(value, str):
        return value.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")
    if isinstance(value, dict):
        return {k: _latin1(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_latin1(v) for v in value]
    return value


def _row(pdf, family: str, clean, widths, cells, bold: bool = False) -> None:
    pdf.set_font(family, "B" if bold else "", 8)
    for width, text in zip(widths, cells, strict=True):
        pdf.cell(width, 5, clean(str(text)), border=1)
    pdf.ln(5)


def journal_csv(rows: list[dict], funder_ids: list[str]) -> str:
    """The journal as a machine-readable export (GoBD data access): one line per booking, a column per funder."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(["Buchungs-ID", "Projekt", "Belegnummer", "Belegdatum", "Empfänger", "Zweck", "Kategorie", "Position",
                "Betrag (EUR)", "Storno von", "Gebucht von", "Gebucht am", *[f"Anteil {f} (EUR)" for f in funder_ids]])
    for r in rows:
        w.writerow([r["id"], r["project_id"], r["receipt_number"], r["booking_date"].isoformat(), r["payee"],
                    r["purpose"], r["category"], r["position"], _num(r["amount"]), r["reverses"] or "",
                    r["booked_by"], r["booked_at"].isoformat(timespec="seconds"),
                    *[_num(r["shares"][f]) if f in r["shares"] else "" for f in funder_ids]])
    return out.getvalue()
