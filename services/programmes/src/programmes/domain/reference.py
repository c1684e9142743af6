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


class DuplicateCode(ValueError):
    """A reference record with this code exists already."""


class NotFound(LookupError):
    """The record does not exist (404)."""


class Conflict(ValueError):
    """The change contradicts the current state (409)."""
