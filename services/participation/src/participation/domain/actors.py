"""Persons, organisations and consent (DSGVO). Standard library only."""

import re

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


# DSGVO erasure of free texts (minutes, agenda) and of audit entries: the person's full name, the surname after a
# salutation ("Herr Yılmaz", "Frau Dr. Berger") and the contact data become "anonymisiert"; the rest stays.
_SALUTATION = r"(?:Herrn?|Frau|Hr\.|Fr\.)"
_TITLES = r"(?:(?:Dr\.|Prof\.|Dipl\.-\w+\.?)\s*)*"


def _words(text: str) -> str:
    return r"\s+".join(re.escape(w) for w in text.split())


def personal_values(p: dict) -> list[str]:
    """The person's name and contact data as stored (what an erasure must remove wherever it was copied)."""
    return [v.strip() for v in (p.get("name"), p.get("email"), p.get("phone"), p.get("address"))
            if v and v.strip() and v.strip() != ANONYMISED]


def search_terms(p: dict) -> list[str]:
    """Substrings that find every text the erasure may have to change (a coarse prefilter: name, surname, contact
    data); ``redact_text`` then decides."""
    tokens = (p.get("name") or "").split()
    return sorted(set(personal_values(p)) | ({tokens[-1]} if len(tokens) > 1 else set()))


def _pattern(p: dict) -> re.Pattern | None:
    tokens = (p.get("name") or "").split()
    alternatives = []
    if tokens and " ".join(tokens) != ANONYMISED:
        given = _words(" ".join(tokens[:-1])) if len(tokens) > 1 else ""
        optional_given = rf"(?:{given}\s+)?" if given else ""
        surnames = {tokens[-1], " ".join(tokens[1:])} if len(tokens) > 1 else {tokens[0]}
        for surname in sorted(surnames, key=len, reverse=True):
            alternatives.append(rf"{_SALUTATION}\s+{_TITLES}{optional_given}{_words(surname)}(?!\w)")
        alternatives.append(rf"(?<!\w){_TITLES}{_words(' '.join(tokens))}(?!\w)")
    for value in personal_values(p)[1:] if tokens else personal_values(p):
        alternatives.append(re.escape(value))
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def redact_text(text: str | None, p: dict) -> str | None:
    """``text`` with the person's name (also "Herr/Frau <Nachname>") and contact data replaced by "anonymisiert"."""
    pattern = _pattern(p)
    if not text or pattern is None:
        return text
    return pattern.sub(ANONYMISED, text)


def redact_json(value, p: dict):
    """A JSON value (an audit entry's changes) with every string redacted as by ``redact_text``; keys stay."""
    if isinstance(value, dict):
        return {k: redact_json(v, p) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_json(v, p) for v in value]
    if isinstance(value, str):
        return redact_text(value, p)
    return value
