"""PDF documents (fpdf2) in the reader's language: minutes, DSGVO export, volunteer certificate.

Texts go through gettext (``_``): the caller renders inside ``flask_babel.force_locale(lang)``, so a German reader
gets German and an English reader English from the same catalogue as the screens. Dates, times (Europe/Berlin),
numbers and money come from ``servicekit.formats`` in the same language: "12.03.2026, 18:00 Uhr", "1.500,00 €".
Unicode via DejaVu when installed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF

from participation.ui import labels
from servicekit.formats import money, number, when
from servicekit.text import for_output
from servicekit.web.i18n import _

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


class _Doc(FPDF):
    def __init__(self, title: str, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.unicode = FONT.exists()
        if self.unicode:
            self.add_font("DejaVu", "", str(FONT))
            self.add_font("DejaVu", "B", str(FONT_BOLD if FONT_BOLD.exists() else FONT))
        self.family_name = "DejaVu" if self.unicode else "Helvetica"
        self.stamp = _("Kaufbeuren aktiv · erstellt am %(at)s", at=when(datetime.now(UTC), lang))
        self.set_title(title)
        self.set_lang(lang)
        self.set_author("Kaufbeuren aktiv")
        self.alias_nb_pages()
        self.add_page()
        self.set_font(self.family_name, "B", 15)
        self.multi_cell(0, 8, self._t(title), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_font(self.family_name, "", 10)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.family_name, "", 8)
        self.cell(0, 6, self._t(f"{self.stamp} · " + _("Seite %(page)s von %(pages)s", page=self.page_no(),
                                                            pages="{nb}")), align="C")

    def _t(self, text) -> str:
        text = for_output(str(text))  # a stored \x0b is a line break, other control characters are dropped
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font(self.family_name, "B", 12)
        self.multi_cell(0, 7, self._t(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family_name, "", 10)

    def line_(self, text: str, indent: int = 0) -> None:
        if indent:
            self.set_x(self.l_margin + indent)
        self.multi_cell(0, 5.5, self._t(text), new_x="LMARGIN", new_y="NEXT")

    def pairs(self, rows) -> None:
        """"Label: value" lines; an empty value is a dash."""
        for label, value in rows:
            self.line_(f"{label}: {value if value not in (None, '') else '–'}")

    def bytes(self) -> bytes:
        return bytes(self.output())


def _label(table: dict, code) -> str:
    return str(labels.label(table, code))


def minutes(m: dict, lang: str = "de") -> bytes:
    status = _label(labels.MINUTES_STATUS, m["minutes_status"])
    later = m.get("minutes_approved_in_meeting")
    if m["minutes_status"] == "approved" and later:
        status = _("genehmigt in der Sitzung „%(title)s“ am %(day)s", title=later["title"],
                   day=when(later["starts_at"], lang))
    doc = _Doc(_("Protokoll: %(title)s", title=m["title"]), lang)
    q = m["quorum"]
    quorum = _("gegeben") if q["quorate"] else _("nicht gegeben")
    doc.pairs([(_("Gremium"), m["body"]["name"]), (_("Beginn"), when(m["starts_at"], lang)),
               (_("Ort"), m["place"]), (_("Status des Protokolls"), status),
               (_("Beschlussfähigkeit"), _("%(quorum)s (%(present)s von %(voting)s stimmberechtigten Mitgliedern "
                                           "anwesend)", quorum=quorum, present=q["present"],
                                           voting=q["voting_members"]))])
    doc.heading(_("Anwesenheit"))
    for a in m["attendance"]:
        role = _label(labels.ROLES, a["role"])
        who = f"{labels.person_name(a['person_name'])} ({role}" + (f", {a['organisation_name']})"
                                                                  if a.get("organisation_name") else ")")
        doc.line_(f"{who}: " + (_("anwesend") if a["present"] else _("abwesend")))
    doc.heading(_("Tagesordnung und Beschlüsse"))
    if not m["items"]:
        doc.line_(_("Keine Tagesordnungspunkte."))
    for it in m["items"]:
        doc.line_(_("TOP %(position)s: %(title)s", position=it["position"], title=it["title"]))
        if it.get("project"):
            doc.line_(_("Projekt: %(title)s", title=it["project"]["title"]), indent=6)
        if it.get("applicant_name"):
            doc.line_(_("Antragsteller: %(name)s", name=it["applicant_name"]), indent=6)
        if it.get("amount") is not None:
            doc.line_(_("Beantragt: %(amount)s", amount=money(it["amount"], lang)), indent=6)
        for r in it["recusals"]:
            doc.line_(_("Befangen: %(name)s – %(reason)s", name=labels.person_name(r["name"]),
                        reason=labels.recusal_reason(r["reason"])), indent=6)
        d = it["decision"]
        if d:
            text = _("Beschluss %(number)s: %(outcome)s (Ja %(yes)s, Nein %(no)s, Enthaltung %(abstain)s)",
                     number=d["number"], outcome=_label(labels.OUTCOMES, d["outcome"]), yes=d["votes_yes"],
                     no=d["votes_no"], abstain=d["votes_abstain"])
            if d["amount"] is not None:
                text += ", " + _("Betrag %(amount)s", amount=money(d["amount"], lang))
            doc.line_(text, indent=6)
        elif it["votes"]:
            doc.line_(_("Noch kein Beschluss."), indent=6)
    doc.heading(_("Protokolltext"))
    doc.line_(m["minutes_text"] or "–")
    return doc.bytes()


def person_export(data: dict, names: dict, lang: str = "de") -> bytes:
    """Art. 15 DSGVO: everything stored about the person, readable; ``names`` maps the ids of bodies,
    organisations, opportunities and events to their names (``{"bodies": {id: name}, …}``)."""
    p = data["person"]
    name = labels.person_name(p["name"])
    doc = _Doc(_("Datenauskunft nach Art. 15 DSGVO: %(name)s", name=name), lang)
    doc.line_(_("Stand: %(at)s", at=when(datetime.now(UTC), lang)))
    doc.heading(_("Stammdaten"))
    doc.pairs([(_("Name"), name), (_("E-Mail"), p.get("email")), (_("Telefon"), p.get("phone")),
               (_("Anschrift"), p.get("address")),
               (_("Organisation"), names["organisations"].get(p.get("organisation_id"))),
               (_("Sprache für Einladungen und E-Mails"), _label(labels.LANGUAGES, p.get("language"))),
               (_("Erfasst am"), when(p.get("created_at"), lang))])
    lines = {
        "consents": lambda r: _("%(purpose)s (Fassung %(version)s, %(method)s): erteilt %(given)s",
                                purpose=_label(labels.CONSENT_PURPOSES, r["purpose"]), version=r["text_version"],
                                method=_label(labels.CONSENT_METHODS, r["method"]), given=when(r["given_at"], lang))
        + (", " + _("widerrufen %(at)s", at=when(r["withdrawn_at"], lang)) if r.get("withdrawn_at") else ""),
        "memberships": lambda r: _("%(body)s: %(role)s, %(period)s", body=names["bodies"].get(r["body_id"], "–"),
                                   role=_label(labels.ROLES, r["role"]), period=_period(r, lang))
        + (", " + _("vertritt %(organisation)s", organisation=names["organisations"][r["organisation_id"]])
           if r.get("organisation_id") in names["organisations"] else ""),
        "sponsorships": lambda r: _("%(object)s, seit %(since)s", object=r["object"], since=when(r["since"], lang))
        + (" " + _("bis %(day)s", day=when(r["until"], lang)) if r.get("until") else ""),
        "hours": lambda r: _("%(day)s: %(hours)s Std. · %(what)s", day=when(r["day"], lang),
                             hours=number(r["hours"], 2, lang),
                             what=names["opportunities"].get(r.get("opportunity_id")) or _("allgemein"))
        + (f" · {r['note']}" if r.get("note") else ""),
        "signups": lambda r: _("%(what)s: %(status)s, eingegangen %(at)s",
                               what=names["opportunities"].get(r["opportunity_id"], "–"),
                               status=_label(labels.SIGNUP_STATUS, r["status"]), at=when(r["created_at"], lang)),
        "registrations": lambda r: _("%(what)s: Nr. %(number)s, Plätze: %(seats)s, %(status)s, angemeldet %(at)s",
                                     what=names["events"].get(r["event_id"], "–"), number=r["number"],
                                     seats=r["seats"], status=_label(labels.REGISTRATION_STATUS, r["status"]),
                                     at=when(r["created_at"], lang)),
    }
    sections = ((_("Einwilligungen"), "consents"), (_("Mitgliedschaften in Gremien"), "memberships"),
                (_("Patenschaften"), "sponsorships"), (_("Ehrenamtsstunden"), "hours"),
                (_("Engagement-Anmeldungen"), "signups"), (_("Veranstaltungsanmeldungen"), "registrations"))
    for title, key in sections:
        doc.heading(f"{title} ({len(data[key])})")
        for row in data[key]:
            doc.line_(lines[key](row))
        if not data[key]:
            doc.line_(_("keine"))
    return doc.bytes()


def _period(r: dict, lang: str) -> str:
    if r.get("valid_from") and r.get("valid_until"):
        return _("%(start)s bis %(end)s", start=when(r["valid_from"], lang), end=when(r["valid_until"], lang))
    if r.get("valid_from"):
        return _("seit %(day)s", day=when(r["valid_from"], lang))
    if r.get("valid_until"):
        return _("bis %(day)s", day=when(r["valid_until"], lang))
    return _("ohne Zeitraum")


def certificate(p: dict, rows: list[dict], lang: str = "de") -> bytes:
    total = sum((Decimal(str(r["hours"])) for r in rows), Decimal("0"))
    doc = _Doc(_("Ehrenamtsnachweis"), lang)
    doc.line_(_("Hiermit bestätigen wir, dass %(name)s sich ehrenamtlich in Kaufbeuren engagiert hat.",
                name=labels.person_name(p["name"])))
    doc.heading(_("Geleistete Stunden"))
    for r in rows:
        doc.line_(_("%(day)s: %(hours)s Std. · %(what)s", day=when(r["day"], lang), hours=number(r["hours"], 2, lang),
                    what=r.get("opportunity_title") or _("Engagement")) + (f" · {r['note']}" if r["note"] else ""))
    doc.heading(_("Gesamt: %(hours)s Stunden", hours=number(total, 2, lang)))
    doc.ln(8)
    doc.line_(_("Kaufbeuren aktiv · Koordinierungszentrum Bürgerschaftliches Engagement"))
    doc.line_(_("Kaufbeuren, den %(day)s", day=when(date.today(), lang)))
    return doc.bytes()
