"""Reference data: fields of action (Handlungsfelder), districts (Stadtteile), target groups; the labels of
the codes (``Msg``: German, translated on screen)."""

from servicekit.web.i18n import Msg

DEFAULT_FIELDS_OF_ACTION = (
    ("jugend", "Jugend"), ("senioren", "Senioren"), ("integration", "Integration"), ("familie", "Familie"),
    ("kultur", "Kultur"), ("ehrenamt", "Ehrenamt"), ("vereine", "Vereine"), ("europa", "Europa"),
    ("bildung", "Bildung"),
)

DEFAULT_DISTRICTS = (
    ("neugablonz", "Neugablonz"), ("haken", "Haken"), ("altstadt", "Altstadt"), ("oberbeuren", "Oberbeuren"),
    ("kaufbeuren-west", "Kaufbeuren-West"),
)

DEFAULT_TARGET_GROUPS = (
    ("kinder", "Kinder"), ("jugendliche", "Jugendliche"), ("familien", "Familien"),
    ("senioren", "Seniorinnen und Senioren"), ("zugewanderte", "Zugewanderte"),
    ("langzeitarbeitslose", "Langzeitarbeitslose"), ("ehrenamtliche", "Ehrenamtliche"),
)

IDEA_SOURCES = {
    "internet_research": Msg("Internetrecherche"),
    "newsletter": Msg("Newsletter"),
    "best_practice": Msg("Best-Practice-Modell"),
    "programme_idea": Msg("Programmidee"),
    "national_impulse": Msg("Nationaler Impuls"),
    "european_impulse": Msg("Europäischer Impuls"),
}

PROGRAMME_STATUSES = {
    "acquisition": Msg("Akquise"), "applied": Msg("Beantragt"), "running": Msg("Laufend"),
    "completed": Msg("Abgeschlossen"),
}

REPORT_STATUSES = {"planned": Msg("Geplant"), "in_progress": Msg("In Arbeit"), "submitted": Msg("Eingereicht"),
                   "accepted": Msg("Angenommen")}

REPORT_KINDS = {"interim": Msg("Zwischenbericht"), "final": Msg("Abschlussbericht")}

#: the kinds of funders finance announces (finance.funder.* ``type``), by their names
FUNDER_TYPES = {"eu": Msg("EU"), "federal": Msg("Bund"), "state": Msg("Land"), "municipality": Msg("Kommune"),
                "foundation": Msg("Stiftung"), "donation": Msg("Spenden/Sponsoring"), "own_funds": Msg("Eigenmittel"),
                "participant_fees": Msg("Teilnahmebeiträge")}

#: the kinds of organisations participation announces (participation.organisation.* ``kind``)
ORGANISATION_KINDS = {"verein": Msg("Verein"), "traeger": Msg("Träger"), "partner": Msg("Kooperationspartner"),
                      "unternehmen": Msg("Unternehmen"), "verwaltung": Msg("Verwaltung")}


_SPELLED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "á": "a", "à": "a"})


def code_from_name(name: str, taken=()) -> str:
    """The internal code of a new entry, derived from its name (nobody types or reads codes): "Kaufbeuren-West"
    → "kaufbeuren-west"; a code already ``taken`` gets a number ("haken-2")."""
    text = name.strip().lower().translate(_SPELLED)
    base = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in text)
    base = "-".join(part for part in base.split("-") if part)[:36].strip("-") or "eintrag"
    if not base[0].isalpha():
        base = f"x-{base}"[:36]
    if len(base) < 2:
        base = f"{base}-x"
    code, n = base, 1
    while code in set(taken):
        n += 1
        code = f"{base}-{n}"
    return code


class DuplicateCode(ValueError):
    """A reference record with this code exists already."""


class NotFound(LookupError):
    """The record does not exist (404)."""


class Conflict(ValueError):
    """The change contradicts the current state (409)."""
