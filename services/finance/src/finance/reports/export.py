"""Proof of use as CSV (semicolon) and PDF (fpdf2, DejaVu for € and umlauts), and the journal as CSV.

Texts are in the reader's language (``lang``; by default the language of the current request, German outside
one); figures are always German ("1.234,50 €", "412,37", "31.07.2026"), because the documents go to German
funders and auditors. A funder's own receipt-list layout keeps its prescribed columns (the ESF Plus layout its
ISO dates for the Z-EU-S import). Nothing shows an id: projects, funders and people are named.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from finance.domain.funders import CATEGORY_NAMES
from finance.domain.money import euro
from servicekit import csvsafe, formats
from servicekit.text import for_output

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

TEXTS = {
    "plan_version": ("Planversion", "Plan version"),
    "plan_version_pdf": ("Finanzierungsplan Version %s", "Funding plan version %s"),
    "notice": ("Förderhinweis", "Funding notice"),
    "numbers": ("Zahlenmäßiger Nachweis", "Numerical proof"),
    "numbers_head": (("Kategorie", "Jahr", "Plan (EUR)", "Ist (EUR)", "Abweichung", "Über 20 %"),
                     ("Category", "Year", "Planned (EUR)", "Actual (EUR)", "Deviation", "Over 20 %")),
    "numbers_pdf": (("Kategorie", "Jahr", "Plan", "Ist", "Abweichung", "> 20 %"),
                    ("Category", "Year", "Planned", "Actual", "Deviation", "> 20 %")),
    "total": ("Summe", "Total"), "yes": ("ja", "yes"), "no": ("nein", "no"),
    "receipts": ("Belegliste", "Receipt list"),
    "receipts_pdf": (("Pos.", "Beleg", "Datum", "Empfänger", "Zweck", "Gesamt", "Anteil"),
                     ("Pos.", "Receipt", "Date", "Payee", "Purpose", "Total", "Share")),
    "kinds": ({"interim": "Zwischennachweis", "final": "Verwendungsnachweis"},
              {"interim": "Interim proof of use", "final": "Proof of use"}),
    "journal_head": (("Belegnummer", "Belegdatum", "Projekt", "Empfänger", "Zweck", "Kategorie", "Planposition",
                      "Betrag (EUR)", "Storno zu Beleg", "Gebucht von", "Gebucht am"),
                     ("Receipt number", "Receipt date", "Project", "Payee", "Purpose", "Category", "Plan position",
                      "Amount (EUR)", "Reversal of receipt", "Booked by", "Booked at")),
    "share": ("Anteil %s (EUR)", "Share %s (EUR)"),
    "unknown_project": ("unbekanntes Projekt", "unknown project"),
    "unknown_funder": ("unbekannter Geber", "unknown funder"),
}
#: receipt-list layouts per funder report format: (German header, English header, row builder)
RECEIPT_LAYOUTS = {
    "standard": (["Position", "Beleg", "Datum", "Empfänger", "Zweck", "Betrag gesamt (EUR)", "Anteil {funder} (EUR)"],
                 ["Position", "Receipt", "Date", "Payee", "Purpose", "Total amount (EUR)", "Share {funder} (EUR)"],
                 lambda n, r: [r["position"], r["receipt_number"], _datum(r["booking_date"]), r["payee"], r["purpose"],
                               _num(r["amount"]), _num(r["share"])]),
    "esf": (["Lfd. Nr.", "Kostenposition", "Belegnummer", "Belegdatum", "Zahlungsempfänger", "Grund der Zahlung",
             "Gesamtbetrag", "davon zuwendungsfähig", "Anteil {funder}"],
            ["No.", "Cost position", "Receipt number", "Receipt date", "Payee", "Reason for payment", "Total amount",
             "of which eligible", "Share {funder}"],
            lambda n, r: [n, r["position"], r["receipt_number"], r["booking_date"].isoformat(), r["payee"],
                          r["purpose"], _num(r["amount"]), _num(r["amount"]), _num(r["share"])]),
    "bund": (["Pos. Finanzierungsplan", "Tag der Zahlung", "Empfänger", "Verwendungszweck", "Betrag EUR",
              "Anteil Zuwendung EUR"],
             ["Funding plan item", "Date of payment", "Payee", "Purpose", "Amount EUR", "Share of grant EUR"],
             lambda n, r: [r["position"], _datum(r["booking_date"]), r["payee"], r["purpose"], _num(r["amount"]),
                           _num(r["share"])]),
}


def reader_language(lang: str | None = None) -> str:
    """``lang`` if given, else the current reader's language (German outside a request)."""
    if lang in ("de", "en"):
        return lang
    from flask import has_request_context

    if has_request_context():
        from servicekit.web.i18n import select_locale

        return select_locale()
    return "de"


def _t(key: str, lang: str):
    return TEXTS[key][1 if lang == "en" else 0]


def _num(value: Decimal) -> str:
    """412,37: German decimal comma, no grouping (a spreadsheet reads it as a number; a reversal's -12,50 stays
    a number too: it is ours, from a Decimal, so the CSV writes it without the formula guard's apostrophe)."""
    return csvsafe.Number(formats.number(value, 2, "de", grouping=False))


def _datum(d) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"  # 10,000 receipts: much cheaper than strftime


def _dev(value) -> str:
    return "" if value is None else csvsafe.Number(formats.percent(Decimal(value) * 100, "de"))


def _category(row: dict, lang: str) -> str:
    name = row.get("category_name") or CATEGORY_NAMES.get(row.get("category"), row.get("category", ""))
    return _translated(name, lang)


def _translated(message, lang: str) -> str:
    """A ``Msg`` (a German str) in English for an English reader inside a request; German otherwise."""
    if lang != "en":
        return str(message)
    from flask import has_request_context

    if not has_request_context():
        return str(message)
    from finance.i18n import translate

    return translate(message)


def _title(report: dict, lang: str) -> str:
    suffix = f" {report['year']}" if report["kind"] == "interim" and report["year"] else ""
    kind = _t("kinds", lang).get(report["kind"], str(report["kind_name"]))
    project = report["project_title"] or _t("unknown_project", lang)
    return f"{kind}{suffix}: {_translated(project, lang)} – {report['funder_name']}"


def to_csv(report: dict, lang: str | None = None) -> str:
    lang = reader_language(lang)
    out = io.StringIO()
    w = csvsafe.writer(out)  # semicolons, CRLF, no cell starts a formula
    w.writerow([_title(report, lang)])
    w.writerow([_t("plan_version", lang), report["plan_version"]])
    if report["publicity_notice"]:
        w.writerow([_t("notice", lang), report["publicity_notice"]])
    w.writerow([])
    w.writerow([_t("numbers", lang)])
    w.writerow(list(_t("numbers_head", lang)))
    yes, no = _t("yes", lang), _t("no", lang)
    for n in report["numbers"]:
        w.writerow([_category(n, lang), n["year"], _num(n["planned"]), _num(n["actual"]), _dev(n["deviation"]),
                    yes if n["flagged"] else no])
    w.writerow([_t("total", lang), "", _num(report["planned_total"]), _num(report["actual_total"]), "", ""])
    w.writerow([])
    w.writerow([_t("receipts", lang)])
    german, english, line = RECEIPT_LAYOUTS.get(report.get("report_format", "standard"), RECEIPT_LAYOUTS["standard"])
    w.writerow([h.format(funder=report["funder_label"]) for h in (english if lang == "en" else german)])
    for number, r in enumerate(report["receipts"], start=1):
        w.writerow(line(number, r))
    return out.getvalue()


def to_pdf(report: dict, lang: str | None = None) -> bytes:
    from fpdf import FPDF

    lang = reader_language(lang)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    if DEJAVU.exists():
        pdf.add_font("DejaVu", "", str(DEJAVU))
        pdf.add_font("DejaVu", "B", str(DEJAVU_BOLD if DEJAVU_BOLD.exists() else DEJAVU))
        family, money, clean = "DejaVu", euro, _plain
    else:  # core fonts are Latin-1 only: no €, no typographic dashes or quotes
        family, money, clean = "Helvetica", (lambda v: euro(v).replace("€", "EUR")), _latin1
    pdf.add_page()
    pdf.set_font(family, "B", 14)
    pdf.multi_cell(0, 7, clean(_title(report, lang)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    pdf.cell(0, 6, _t("plan_version_pdf", lang) % report["plan_version"], new_x="LMARGIN", new_y="NEXT")
    if report["publicity_notice"]:
        pdf.multi_cell(0, 5, clean(f"{_t('notice', lang)}: {report['publicity_notice']}"), new_x="LMARGIN",
                       new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(family, "B", 11)
    pdf.cell(0, 7, clean(_t("numbers", lang)), new_x="LMARGIN", new_y="NEXT")
    widths = (55, 15, 35, 35, 25, 20)
    _row(pdf, family, clean, widths, _t("numbers_pdf", lang), bold=True)
    for n in report["numbers"]:
        _row(pdf, family, clean, widths, (_category(n, lang), str(n["year"]), money(n["planned"]), money(n["actual"]),
                                          _dev(n["deviation"]), _t("yes", lang) if n["flagged"] else ""))
    totals = (_t("total", lang), "", money(report["planned_total"]), money(report["actual_total"]), "", "")
    _row(pdf, family, clean, widths, totals, bold=True)
    pdf.ln(4)
    pdf.set_font(family, "B", 11)
    pdf.cell(0, 7, clean(_t("receipts", lang)), new_x="LMARGIN", new_y="NEXT")
    widths = (14, 22, 20, 38, 50, 23, 23)
    _row(pdf, family, clean, widths, _t("receipts_pdf", lang), bold=True)
    for r in report["receipts"]:
        _row(pdf, family, clean, widths, (r["position"], r["receipt_number"], _datum(r["booking_date"]),
                                          r["payee"][:24], r["purpose"][:34], money(r["amount"]), money(r["share"])))
    return bytes(pdf.output())


LATIN1 = str.maketrans({"€": "EUR", "–": "-", "—": "-", "„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'",
                       "’": "'", "…": "...", "\u00a0": " "})


def _plain(value) -> str:
    """A text as the PDF writes it: a stored \\x0b is a line break, other control characters are dropped."""
    return for_output(str(value))


def _latin1(value):
    """A copy of the report whose texts fit a core (Latin-1) font."""
    if isinstance(value, str):
        return for_output(value).translate(LATIN1).encode("latin-1", "replace").decode("latin-1")
    if isinstance(value, dict):
        return {k: _latin1(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_latin1(v) for v in value]
    return value


def _row(pdf, family: str, clean, widths, cells, bold: bool = False) -> None:
    pdf.set_font(family, "B" if bold else "", 8)
    for width, text in zip(widths, cells, strict=True):
        pdf.cell(width, 5, clean(str(text)).replace("\n", " "), border=1)  # a table cell is one line
    pdf.ln(5)


def _funder_names_of_the_running_service() -> dict[str, str]:
    from flask import has_app_context

    if not has_app_context():
        return {}
    from finance.queries import funder_names
    from servicekit.web.app import runtime_of

    with runtime_of().engine.connect() as conn:
        return funder_names(conn)


def journal_csv(rows: list[dict], funder_ids: list[str], *, funder_names: dict[str, str] | None = None,
                project_titles: dict[str, str] | None = None, lang: str | None = None) -> str:
    """The journal as a machine-readable export (GoBD data access): one line per booking, a column per funder,
    everything named (project, category, funder, person); a storno names the receipt it reverses."""
    from servicekit.web.ui import wer

    lang = reader_language(lang)
    names = funder_names if funder_names is not None else _funder_names_of_the_running_service()
    titles = project_titles or {}
    receipts = {r["id"]: r["receipt_number"] for r in rows}
    out = io.StringIO()
    w = csvsafe.writer(out)  # semicolons, CRLF, no cell starts a formula
    unknown = _t("unknown_funder", lang)
    w.writerow([*_t("journal_head", lang), *[_t("share", lang) % names.get(f, unknown) for f in funder_ids]])
    for r in rows:
        project = r.get("project_title") or titles.get(r["project_id"]) or _t("unknown_project", lang)
        reverses = (receipts.get(r["reverses"]) or _t("yes", lang)) if r.get("reverses") else ""
        w.writerow([r["receipt_number"], _datum(r["booking_date"]), project, r["payee"], r["purpose"],
                    _category(r, lang), r["position"], _num(r["amount"]), reverses,
                    wer(r.get("booked_by_name"), r["booked_by"], sprache=lang),
                    formats.when(r["booked_at"], lang),
                    *[_num(r["shares"][f]) if f in r["shares"] else "" for f in funder_ids]])
    return out.getvalue()
