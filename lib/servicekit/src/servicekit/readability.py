"""Plain-language check for the talk's "Sprachebene und Antragslyrik": the Amstad reading-ease score
(Flesch adapted to German) computed by textstat. Used by programmes, newsletter and the gateway."""

from __future__ import annotations

from dataclasses import dataclass

import textstat

# Amstad bands: 0–30 very hard (academic), 30–50 hard, 50–60 fairly hard, 60–70 medium, 70–80 fairly easy,
# 80–90 easy, 90–100 very easy. Public texts should be at least "medium".
DEFAULT_THRESHOLD = 60

BANDS = (
    (90, "sehr leicht", "very easy"), (80, "leicht", "easy"), (70, "eher leicht", "fairly easy"),
    (60, "mittel", "medium"), (50, "eher schwer", "fairly difficult"), (30, "schwer", "difficult"),
    (float("-inf"), "sehr schwer", "very difficult"),
)


@dataclass(frozen=True)
class Readability:
    score: float | None
    label_de: str
    label_en: str
    warning: str | None

    @property
    def ok(self) -> bool:
        return self.warning is None


def amstad(text: str, threshold: float = DEFAULT_THRESHOLD) -> Readability:
    """Amstad score (0–100, higher is easier) with a German band label and, below ``threshold``, a warning."""
    words = (text or "").split()
    if len(words) < 3:
        return Readability(None, "zu kurz für eine Bewertung", "too short to score", None)
    textstat.set_lang("de")
    score = round(max(0.0, min(100.0, float(textstat.flesch_reading_ease(text)))), 1)
    label_de, label_en = next((de, en) for floor, de, en in BANDS if score >= floor)
    warning = None
    if score < threshold:
        warning = (f"Der Text ist {label_de} zu lesen (Amstad {score:.0f}, Ziel mindestens {threshold:.0f}). "
                   "Kürzere Sätze und einfachere Wörter helfen.")
    return Readability(score, label_de, label_en, warning)
