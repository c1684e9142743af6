"""CSV import (only with documented consent; imported addresses still get the opt-in mail) and export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from newsletter.domain.model import NewsletterError, normalise_email, valid_email
from newsletter.service_layer import subscriptions
from servicekit.web.i18n import Msg

IMPORT_COLUMNS = ("email", "name", "language", "topics", "consent_at", "consent_form", "consent_text_version",
                  "consent_evidence")
EXPORT_COLUMNS = ("email", "name", "language", "topics", "status", "consent_requested_at", "consent_form",
                  "consent_text_version", "consent_source", "consent_confirmed_at")


def import_csv(runtime, text: str, *, actor: str) -> dict:
    """Each row needs consent_at, consent_form and consent_evidence (where the signed consent is kept).
    Rows without them are refused and listed with their line number."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=_delimiter(text))
    missing_cols = [c for c in ("email", "consent_at", "consent_form", "consent_evidence")
                    if c not in (reader.fieldnames or [])]
    if missing_cols:
        raise NewsletterError(Msg("Der CSV-Datei fehlen die Spalten: %(columns)s", columns=", ".join(missing_cols)))
    imported, errors = 0, []
    for line, row in enumerate(reader, start=2):
        email = normalise_email(row.get("email") or "")
        problems = []
        if not valid_email(email):
            problems.append(Msg("E-Mail-Adresse ungültig"))
        consent_at = _parse_date(row.get("consent_at") or "")
        if consent_at is None:
            problems.append(Msg("Zeitpunkt der Einwilligung (consent_at) fehlt oder ist kein Datum"))
        if not (row.get("consent_form") or "").strip():
            problems.append(Msg("Form der Einwilligung (consent_form) fehlt"))
        if len((row.get("consent_evidence") or "").strip()) < 3:
            problems.append(Msg("Nachweis der Einwilligung (consent_evidence) fehlt"))
        language = (row.get("language") or "de").strip() or "de"
        if language not in ("de", "en"):
            problems.append(Msg("Sprache muss de oder en sein"))
        if problems:
            errors.append({"line": line, "email": email, "errors": problems})
            continue
        try:
            subscriptions.subscribe(
                runtime.uow(), runtime.settings, email=email, name=(row.get("name") or "").strip(),
                topics=[t for t in (row.get("topics") or "").replace(";", " ").replace(",", " ").split() if t],
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
    writer = csv.writer(out, delimiter=";")
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
    return value.isoformat() if value else ""


def _delimiter(text: str) -> str:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _parse_date(value: str):
    value = value.strip()
    for fmt in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    try:
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except ValueError:
        return None
