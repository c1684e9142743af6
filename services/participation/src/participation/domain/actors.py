"""Persons, organisations and consent (DSGVO). Standard library only."""

ANONYMISED = "anonymisiert"
ORGANISATION_KINDS = {"verein": "Verein", "traeger": "Träger", "partner": "Kooperationspartner",
                      "unternehmen": "Unternehmen", "verwaltung": "Verwaltung"}
CONSENT_METHODS = {"online": "online (Formular)", "paper": "schriftlich", "oral": "mündlich", "email": "per E-Mail"}
OPPORTUNITY_KINDS = {"opportunity": "Engagement", "sponsorship": "Patenschaft"}
# The language a person is written to in (invitations and other mails): German first, English second.
LANGUAGES = {"de": "Deutsch", "en": "Englisch"}
DEFAULT_LANGUAGE = "de"


def display_name(name: str | None, anonymised: bool) -> str:
    return ANONYMISED if anonymised else (name or "")


def anonymised_fields() -> dict:
    """What an erased person keeps: the row (so votes and minutes stay valid), no personal data."""
    return {"name": ANONYMISED, "email": None, "phone": None, "address": None, "language": DEFAULT_LANGUAGE,
            "anonymised": True}
