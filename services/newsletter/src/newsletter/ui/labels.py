"""What the department UI calls the codes (subscriber states, news and issue status, bounce kinds, …), in the
reader's language. German texts are the msgids; ``shown(LABELS)`` resolves a table at request time."""

from __future__ import annotations

from newsletter.service_layer.origins import ORIGIN_LABELS, origin_label
from servicekit.readability import DEFAULT_THRESHOLD
from servicekit.web.i18n import _, _l, tr
from servicekit.web.ui import datum, zahl

STATE_LABELS = {"pending": _l("unbestätigt"), "confirmed": _l("bestätigt"), "unsubscribed": _l("abgemeldet"),
                "bounced": _l("unzustellbar"), "erased": _l("gelöscht")}
NEWS_LABELS = {"draft": _l("Entwurf (wartet auf Freigabe)"), "approved": _l("freigegeben"),
               "rejected": _l("abgelehnt")}
ISSUE_LABELS = {"draft": _l("Entwurf"), "scheduled": _l("geplant"), "sending": _l("wird versendet"),
                "sent": _l("versendet")}
BOUNCE_KINDS = {"hard": _l("hart"), "soft": _l("weich")}
LANGUAGES = {"de": _l("Deutsch"), "en": _l("Englisch")}
DECIDED = {"approved": _l("Die Meldung ist freigegeben."), "rejected": _l("Die Meldung ist abgelehnt."),
           "draft": _l("Die Meldung wartet auf Freigabe.")}

# The Amstad bands of servicekit.readability (its German labels are the msgids here).
READABILITY_BANDS = {
    "sehr leicht": _l("sehr leicht"), "leicht": _l("leicht"), "eher leicht": _l("eher leicht"),
    "mittel": _l("mittel"), "eher schwer": _l("eher schwer"), "schwer": _l("schwer"),
    "sehr schwer": _l("sehr schwer"), "zu kurz für eine Bewertung": _l("zu kurz für eine Bewertung"),
}


def shown(labels: dict) -> dict:
    """The table with plain strings in the current language (for ``tojson`` and string joins)."""
    return {code: str(label) for code, label in labels.items()}


def label(labels: dict, code) -> str:
    """One code's label; an unknown code is shown as it is."""
    return str(labels[code]) if code in labels else ("" if code is None else str(code))


def readability(r: dict) -> dict:
    """The readability hint of a news item in the reader's language (``queries.with_readability`` keeps the
    German texts for the API). ``shown`` is the score in the one number format of every screen: 81,4 · 81.4."""
    band = r.get("label") or ""
    shown_band = str(READABILITY_BANDS[band]) if band in READABILITY_BANDS else band
    warning = None
    if r.get("warning"):
        warning = _("Der Text ist %(label)s zu lesen (Amstad %(score)s, Ziel mindestens %(target)s). "
                    "Kürzere Sätze und einfachere Wörter helfen.",
                    label=shown_band, score=zahl(r["score"], 0), target=zahl(DEFAULT_THRESHOLD, 0))
    score = r.get("score")
    return {"score": score, "shown": None if score is None else zahl(score, 1), "label": shown_band,
            "warning": warning}


def origin(row: dict) -> dict:
    """Where a news item comes from, in the reader's language, and what it is about by name:
    ``{"label": "Veranstaltung veröffentlicht (Netzwerkarbeit)", "name": "Engagementtag Kaufbeuren"}``."""
    return {"label": tr(origin_label(row.get("source_type"))), "name": row.get("source_name") or "",
            "manual": (row.get("source_type") or "manual") == "manual"}


def origin_choices() -> list[tuple[str, str]]:
    """The origins as a filter offers them (code → label in the reader's language)."""
    return [(code, tr(label)) for code, label in ORIGIN_LABELS.items()]


def datum_de(value) -> str:
    """A date in German whatever the UI language: for the consent record, which stays German as a legal proof."""
    return datum(value, "de")


def dauer(seconds) -> str:
    """A remaining time: "42 s", "5 min 3 s", "1 h 2 min" (the same in German and English; the cockpit's script
    writes it the same way)."""
    if seconds is None or seconds == "":
        return "–"
    s = max(0, int(round(float(seconds))))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s"
    return f"{s // 3600} h {s % 3600 // 60} min"


def error_text(exc: BaseException) -> str:
    """An exception's message in the reader's language: a :class:`~servicekit.web.i18n.Msg` keeps its template
    only as the exception's argument (``str(exc)`` would be the plain German text)."""
    return tr(exc.args[0]) if exc.args else tr(str(exc))
