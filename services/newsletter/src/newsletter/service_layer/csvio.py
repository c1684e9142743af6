"""CSV import (only with documented consent; imported addresses still get the opt-in mail) and export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from newsletter.domain.model import NewsletterError, normalise_email, valid_email
from newsletter.service_layer import subscriptions
from servicekit import csvsafe, formats
from servicekit.web.i18n import Msg

# The import's columns: their German headings (what the department's template file has and the page names) and
# the codes a system writes (``consent_at``); both are read, in any order, case-insensitively.
COLUMNS = {"email": "E-Mail-Adresse", "name": "Name", "language": "Sprache", "topics": "Themen",
           "consent_at": "Einwilligung am", "consent_form": "Form der Einwilligung",
           "consent_text_version": "Version des Einwilligungstexts", "consent_evidence": "Nachweis der Einwilligung"}
REQUIRED = ("email", "consent_at", "consent_form", "consent_evidence")
ALIASES = {**{code: code for code in COLUMNS}, **{heading.lower(): code for code, heading in COLUMNS.items()},
           "e-mail": "email"}
LANGUAGE_WORDS = {"de": "de", "deutsch": "de", "german": "de", "en": "en", "englisch": "en", "english": "en"}
EXPORT_COLUMNS = ("email", "name", "language", "topics", "status", "consent_requested_at", "consent_form",
                  "consent_text_version", "consent_source", "consent_confirmed_at")


def template_csv() -> str:
    """An empty import file with the German headings (semicolons, as German spreadsheets write them)."""
    return ";".join(COLUMNS.values()) + "\r\n"


def _topic_codes(runtime) -> dict[str, str]:
    """A topic by its code or by its name (lowercase) → its code."""
    from sqlalchemy import select

    from newsletter.adapters.orm import topic

    with runtime.engine.connect() as conn:
        rows = conn.execute(select(topic.c.code, topic.c.name)).all()
    return {**{code: code for code, _ in rows}, **{name.lower(): code for code, name in rows}}


def _topics(text: str, known: dict[str, str]) -> list[str]:
    """"Jugend, Neugablonz" or "jugend neugablonz": names or codes, separated by commas, semicolons or spaces."""
    text = (text or "").strip()
    if not text:
        return []
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if len(parts) == 1 and parts[0].lower() not in known:
        parts = parts[0].split()
    return [known.get(p.lower(), p.lower()) for p in parts]


def import_csv(runtime, text: str, *, actor: str) -> dict:
    """Each row needs its consent: when ("Einwilligung am"), in which form and where the signed consent is kept
    ("Nachweis der Einwilligung"). Rows without them are refused and listed with their line number. A time
    without a zone is Kaufbeuren time."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=_delimiter(text))
    headings = {h: ALIASES.get((h or "").strip().lower()) for h in (reader.fieldnames or [])}
    missing_cols = [COLUMNS[c] for c in REQUIRED if c not in headings.values()]
    if missing_cols:
        raise NewsletterError(Msg("Der CSV-Datei fehlen die Spalten: %(columns)s", columns=", ".join(missing_cols)))
    known_topics = _topic_codes(runtime)
    imported, errors = 0, []
    for line, raw in enumerate(reader, start=2):
        row = {headings[k]: csvsafe.unquote(v or "") for k, v in raw.items() if headings.get(k)}
        email = normalise_email(row.get("email") or "")
        problems = []
        if not valid_email(email):
            problems.append(Msg("E-Mail-Adresse ungültig"))
        consent_at = _parse_date(row.get("consent_at") or "")
        if consent_at is None:
            problems.append(Msg("„Einwilligung am“ fehlt oder ist kein Datum (z. B. 01.02.2026)"))
        if not (row.get("consent_form") or "").strip():
            problems.append(Msg("„Form der Einwilligung“ fehlt"))
        if len((row.get("consent_evidence") or "").strip()) < 3:
            problems.append(Msg("„Nachweis der Einwilligung“ fehlt"))
        language = LANGUAGE_WORDS.get((row.get("language") or "de").strip().lower() or "de")
        if language is None:
            problems.append(Msg("„Sprache“ muss Deutsch oder Englisch sein"))
        if problems:
            errors.append({"line": line, "email": email, "errors": problems})
            continue
        try:
            subscriptions.subscribe(
                runtime.uow(), runtime.settings, email=email, name=(row.get("name") or "").strip(),
                topics=_topics(row.get("topics") or "", known_topics),
                language=language, consent_text_version=(row.get("consent_text_version") or "import").strip(),
                form=row["consent_form"].strip(), source="import", evidence=row["consent_evidence"].strip(),
                requested_at=consent_at, actor=actor)
            imported += 1
        except NewsletterError as exc:
            errors.append({"line": line, "email": email, "errors": [exc.args[0] if exc.args else str(exc)]})
    return {"imported": imported, "refused": len(errors), "errors": errors}


def export_csv(conn) -> str:
    from sqlalchemy import select

    from newsletter.adapters.orm import consent, subscriber

    out = io.StringIO()
    writer = csvsafe.writer(out)  # a subscriber named "=HYPERLINK(…)" stays text in a spreadsheet
    writer.writerow(EXPORT_COLUMNS)
    stmt = (select(subscriber, consent.c.requested_at, consent.c.form, consent.c.text_version,
                   consent.c.source, consent.c.confirmed_at.label("consent_confirmed_at"))
            .join(consent, consent.c.id == subscriber.c.consent_id)
            .where(subscriber.c.status.in_(("pending", "confirmed"))).order_by(subscriber.c.email))
    for r in conn.execute(stmt).mappings():
        writer.writerow([r["email"], r["name"], r["language"], " ".join(r["topics"] or []), r["status"],
                         _iso(r["requested_at"]), r["form"], r["text_version"], r["source"],
                         _iso(r["consent_confirmed_at"])])
    return out.getvalue()


def _iso(value) -> str:
    """An instant with its offset in Kaufbeuren time (2026-03-01T00:00:00+01:00): what the clerk typed reads back
    the same, and a program reads the exact instant."""
    return formats.local(value).isoformat() if value else ""


def _delimiter(text: str) -> str:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _parse_date(value: str):
    value = value.strip()
    for fmt in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d.%m.%Y",
                "%d.%m.%Y %H:%M", "%d.%m.%Y, %H:%M"):
        try:
            return formats.from_local_input(datetime.strptime(value, fmt))  # typed in Kaufbeuren
        except ValueError:
            continue
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else formats.from_local_input(parsed)
