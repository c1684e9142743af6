"""Reference data: fields of action (Handlungsfelder), districts (Stadtteile), target groups. Pure Python."""

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
    "internet_research": "Internetrecherche",
    "newsletter": "Newsletter",
    "best_practice": "Best-Practice-Modell",
    "programme_idea": "Programmidee",
    "national_impulse": "Nationaler Impuls",
    "european_impulse": "Europäischer Impuls",
}

PROGRAMME_STATUSES = {
    "acquisition": "Akquise", "applied": "Beantragt", "running": "Laufend", "completed": "Abgeschlossen",
}

REPORT_STATUSES = {"planned": "Geplant", "in_progress": "In Arbeit", "submitted": "Eingereicht",
                   "accepted": "Angenommen"}

REPORT_KINDS = {"interim": "Zwischenbericht", "final": "Abschlussbericht"}


class DuplicateCode(ValueError):
    """A reference record with this code exists already."""


class NotFound(LookupError):
    """The record does not exist (404)."""


class Conflict(ValueError):
    """The change contradicts the current state (409)."""
