"""What the department UI shows for codes and for German texts the system stored, in the reader's language.

The domain keeps its German labels (API, PDFs, logs); the screens use these lazy translations instead. The
German texts here must stay the same as the domain's (a unit test compares them)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from participation.domain.actors import ANONYMISED
from servicekit.formats import number
from servicekit.web.i18n import Msg, _, _l, select_locale, tr

BODY_TYPES = {
    "begleitausschuss": _l("Begleitausschuss"),
    "steuerungsgruppe": _l("Steuerungsgruppe"),
    "arbeitskreis": _l("Arbeitskreis"),
    "impulswerkstatt": _l("Impulswerkstatt"),
    "netzwerk": _l("Netzwerk"),
}
ROLES = {"chair": _l("Vorsitz"), "member": _l("Mitglied"), "deputy": _l("Stellvertretung"),
         "advisory": _l("beratend (ohne Stimme)")}
CHOICES = {"yes": _l("Ja"), "no": _l("Nein"), "abstain": _l("Enthaltung")}
OUTCOMES = {"approved": _l("angenommen"), "rejected": _l("abgelehnt"), "deferred": _l("vertagt")}
MINUTES_STATUS = {"draft": _l("Entwurf"), "approved": _l("genehmigt")}
REGISTRATION_STATUS = {"confirmed": _l("bestätigt"), "waiting": _l("Warteliste"), "cancelled": _l("abgemeldet")}
SIGNUP_STATUS = {"confirmed": _l("bestätigt"), "pending": _l("wartet auf Bestätigung per E-Mail")}
ORGANISATION_KINDS = {"verein": _l("Verein"), "traeger": _l("Träger"), "partner": _l("Kooperationspartner"),
                      "unternehmen": _l("Unternehmen"), "verwaltung": _l("Verwaltung")}
CONSENT_METHODS = {"online": _l("online (Formular)"), "paper": _l("schriftlich"), "oral": _l("mündlich"),
                   "email": _l("per E-Mail")}
OPPORTUNITY_KINDS = {"opportunity": _l("Engagement"), "sponsorship": _l("Patenschaft")}
LANGUAGES = {"de": _l("Deutsch"), "en": _l("Englisch")}
CONSENT_PURPOSES = {"gremienarbeit": _l("Gremienarbeit (Einladungen, Protokolle)"),
                    "newsletter": _l("Newsletter und Informationen"), "fotos": _l("Fotos und Veröffentlichungen"),
                    "ehrenamt": _l("Vermittlung ins Ehrenamt"), "veranstaltungen": _l("Veranstaltungen")}
# The lifecycle stages of a project and the statuses of a programme, as the programmes service names them.
STAGES = {"idea": _l("Idee"), "assessed": _l("bewertet"), "concept": _l("Konzept"), "application": _l("Antrag"),
          "approved": _l("bewilligt"), "running": _l("laufend"), "closing": _l("Abschluss"),
          "evaluated": _l("evaluiert"), "sustained": _l("verstetigt"), "ended": _l("beendet"),
          "rejected": _l("abgelehnt"), "withdrawn": _l("zurückgezogen")}
PROGRAMME_STATUS = {"acquisition": _l("Akquise"), "applied": _l("beantragt"), "running": _l("laufend"),
                    "completed": _l("abgeschlossen")}
# The platform's default fields of action and districts (the codes the programmes service uses, by name).
FIELDS_OF_ACTION = {"jugend": _l("Jugend"), "senioren": _l("Senioren"), "integration": _l("Integration"),
                    "familie": _l("Familie"), "kultur": _l("Kultur"), "ehrenamt": _l("Ehrenamt"),
                    "vereine": _l("Vereine"), "europa": _l("Europa"), "bildung": _l("Bildung")}
DISTRICTS = {"neugablonz": _l("Neugablonz"), "haken": _l("Haken"), "altstadt": _l("Altstadt"),
             "oberbeuren": _l("Oberbeuren"), "kaufbeuren-west": _l("Kaufbeuren-West")}


def choices(labels: dict, *extra_codes) -> list[tuple[str, str]]:
    """(code, name) for a select or checkboxes; a stored code outside the list keeps a choice under its own
    spelling, capitalised (so editing never drops it)."""
    out = [(code, name) for code, name in labels.items()]
    out += [(code, code.replace("-", " ").title()) for code in extra_codes if code and code not in labels]
    return out


def names(labels: dict, codes) -> str:
    """Codes as their names, comma-separated: "Jugend, Integration"."""
    return ", ".join(str(label(labels, c)) if c in labels else c.replace("-", " ").title() for c in codes or []) \
        or "–"


def person_name(name) -> str:
    """A person's name as stored; the marker of an erased person in the reader's language."""
    return _("anonymisiert") if name == ANONYMISED else (name or "")


def label(labels: dict, code):
    """The translated label of ``code``; an unknown code is shown as it is."""
    return labels.get(code, code if code is not None else "–")


# German texts the system composed and stored (a recusal's reason; the action fund's refusal that finance sent):
# the database keeps them in German as the record, the screen recognises them and shows them translated.
_RECUSAL = re.compile(r"^Befangen: die vertretene Organisation „(?P<organisation>.*)“ ist Antragstellerin\.$", re.S)
_RECUSAL_OWN = re.compile(r"^Befangen: die eigene Organisation „(?P<organisation>.*)“ ist Antragstellerin\.$", re.S)
_STORED = [
    (re.compile(r"^Vom Aktionsfonds abgelehnt: (?P<reason>.*) \(verbleibend (?P<remaining>[^()]*) €\)$", re.S),
     lambda g: Msg("Vom Aktionsfonds abgelehnt: %(reason)s (verbleibend %(remaining)s €)",
                   reason=stored_text(g["reason"]), remaining=_amount(g["remaining"]))),
    (re.compile(r"^Der Aktionsfonds (?P<year>\d{4}) reicht nicht: beschlossen (?P<amount>.+?), verfügbar sind nur "
                r"noch (?P<remaining>.+?) von (?P<budget>.+?)\.$", re.S),
     lambda g: Msg("Der Aktionsfonds %(year)s reicht nicht: beschlossen %(amount)s, verfügbar sind nur noch "
                   "%(remaining)s von %(budget)s.", **g)),
    (re.compile(r"^Der beschlossene Betrag muss größer als 0 € sein\.$"),
     lambda g: Msg("Der beschlossene Betrag muss größer als 0 € sein.")),
]


def _amount(text: str) -> str:
    """An amount finance wrote as "12.00" in the reader's format ("12,00"); anything else unchanged."""
    try:
        return number(Decimal(text), 2, "en" if select_locale() == "en" else "de")
    except (InvalidOperation, ValueError, RuntimeError):
        return text


def recusal_reason(reason: str | None) -> str:
    """Why a member was recused, without the leading "Befangen:" (the screen names the member before it)."""
    found = _RECUSAL.match(reason or "")
    if found:
        return tr(Msg("die vertretene Organisation „%(organisation)s“ ist Antragstellerin.", **found.groupdict()))
    found = _RECUSAL_OWN.match(reason or "")
    if found:
        return tr(Msg("die eigene Organisation „%(organisation)s“ ist Antragstellerin.", **found.groupdict()))
    return (reason or "").removeprefix("Befangen: ")


def stored_text(text: str | None) -> str:
    """A German system text read back from the database, in the reader's language (other texts unchanged)."""
    if not text:
        return ""
    for pattern, message in _STORED:
        found = pattern.match(text)
        if found:
            return tr(message(found.groupdict()))
    return text
