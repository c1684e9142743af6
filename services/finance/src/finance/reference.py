"""Names of the codes finance receives from programmes (fields of action, districts) and of its own codes
(funder types), for screens and exports: "jugend" reads "Jugend", "eu" reads "EU", in German or English.

Programmes' project events carry the codes only. The defaults of the platform (``DOMAIN.md``) have their names
here; a code added later in programmes' reference data is written as a name ("kaufbeuren-west" →
"Kaufbeuren-West"), never shown as the bare code.
"""

from __future__ import annotations

from finance.domain.funders import FUNDER_TYPE_NAMES
from servicekit.web.i18n import Msg, tr

UNKNOWN_PROJECT = Msg("unbekanntes Projekt")  # a project programmes has not announced to finance (yet)
NONE = "ohne"  # the portfolio's key for a project without a field of action or district
FIELD_NAMES = {
    "jugend": Msg("Jugend"), "senioren": Msg("Senioren"), "integration": Msg("Integration"),
    "familie": Msg("Familie"), "kultur": Msg("Kultur"), "ehrenamt": Msg("Ehrenamt"), "vereine": Msg("Vereine"),
    "europa": Msg("Europa"), "bildung": Msg("Bildung"), NONE: Msg("ohne Handlungsfeld"),
}
DISTRICT_NAMES = {
    "neugablonz": "Neugablonz", "haken": "Haken", "altstadt": "Altstadt", "oberbeuren": "Oberbeuren",
    "kaufbeuren-west": "Kaufbeuren-West", NONE: Msg("ohne Stadtteil"),
}


def as_name(code: str) -> str:
    """A code without a known name, written as one: "kaufbeuren-west" → "Kaufbeuren-West"."""
    words = str(code or "").replace("_", " ").split(" ")
    return " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in words).strip() or "–"


def field_name(code: str) -> str:
    return tr(FIELD_NAMES[code]) if code in FIELD_NAMES else as_name(code)


def district_name(code: str) -> str:
    return tr(DISTRICT_NAMES[code]) if code in DISTRICT_NAMES else as_name(code)


def funder_type_name(code: str) -> str:
    return tr(FUNDER_TYPE_NAMES[code]) if code in FUNDER_TYPE_NAMES else as_name(code)
