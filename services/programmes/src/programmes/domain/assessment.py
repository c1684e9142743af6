"""Idea workshop (Ideenwerkstatt): seven criteria scored 0–3 with a reason each. Standard library and
servicekit's ``Msg`` only (German texts that a screen can translate)."""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.web.i18n import Msg

CRITERIA = {
    "participation": Msg("Aktive Beteiligung"),
    "partners": Msg("Kooperationspartner"),
    "indicators": Msg("Indikatoren"),
    "subsidiarity": Msg("Nachrangigkeit öffentlicher Mittel"),
    "overall_concept": Msg("Bestandteil eines Gesamtkonzeptes/Programms"),
    "impulse": Msg("Impulse/Modellprojekte"),
    "added_value": Msg("Mehrwert"),
}
MAX_SCORE = 3
MAX_TOTAL = MAX_SCORE * len(CRITERIA)
DEFAULT_THRESHOLD = 14


class InvalidAssessment(ValueError):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {', '.join(v)}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Result:
    total: int
    passed: bool
    threshold: int


def evaluate(scores: dict[str, dict], threshold: int = DEFAULT_THRESHOLD) -> Result:
    """``scores`` = {criterion: {"score": 0..3, "reason": "..."}}; all seven criteria, each with a reason."""
    errors: dict[str, list[str]] = {}
    for key in CRITERIA:
        item = scores.get(key)
        if item is None:
            errors[key] = [Msg("Dieses Kriterium muss bewertet werden.")]
            continue
        score = item.get("score")
        if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= MAX_SCORE:
            errors.setdefault(key, []).append(Msg("Die Punktzahl muss zwischen 0 und 3 liegen."))
        if not str(item.get("reason") or "").strip():
            errors.setdefault(key, []).append(Msg("Bitte begründen Sie die Punktzahl."))
    for key in scores:
        if key not in CRITERIA:
            errors[key] = [Msg("Unbekanntes Kriterium.")]
    if not 0 <= threshold <= MAX_TOTAL:
        errors["threshold"] = [Msg("Die Schwelle muss zwischen 0 und %(max)s liegen.", max=MAX_TOTAL)]
    if errors:
        raise InvalidAssessment(errors)
    total = sum(int(scores[k]["score"]) for k in CRITERIA)
    return Result(total=total, passed=total >= threshold, threshold=threshold)
