"""Runtime radar: grants whose period ends soon, and proofs of use whose deadline passed."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from servicekit.web.i18n import Msg

DEFAULT_THRESHOLDS = (6, 3, 1)


class InvalidThresholds(ValueError):
    """A radar setting (AKTIV_FINANCE_RADAR_MONTHS) that is not a list of whole months."""


def parse_thresholds(text: str | None) -> tuple[int, ...]:
    """``"6,3,1"`` → (6, 3, 1): months before a grant ends at which the radar speaks up, largest first; empty →
    ``DEFAULT_THRESHOLDS``. Each must be a whole number from 1 to 60."""
    if text is None or not text.strip():
        return DEFAULT_THRESHOLDS
    try:
        values = {int(part) for part in text.replace(";", ",").split(",") if part.strip()}
    except ValueError as exc:
        raise InvalidThresholds(f"AKTIV_FINANCE_RADAR_MONTHS: ganze Monatszahlen durch Komma getrennt angeben, "
                                f"z. B. 6,3,1 (nicht {text!r}).") from exc
    if not values or any(not 1 <= v <= 60 for v in values):
        raise InvalidThresholds(f"AKTIV_FINANCE_RADAR_MONTHS: Monate von 1 bis 60 angeben (nicht {text!r}).")
    return tuple(sorted(values, reverse=True))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 when less than a month, negative when past)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def due_thresholds(today: date, period_end: date, thresholds=DEFAULT_THRESHOLDS) -> list[int]:
    """Thresholds (months) already reached for a grant ending on ``period_end`` (none once it has ended)."""
    if period_end < today:
        return []
    return sorted(t for t in thresholds if add_months(today, t) >= period_end)


@dataclass(frozen=True)
class ProofDeadline:
    kind: str  # interim | final
    year: int | None
    due: date

    @property
    def label(self) -> str:
        if self.kind == "interim":
            return Msg("Zwischennachweis %(year)s", year=self.year)
        return Msg("Verwendungsnachweis (Schluss)")


def proof_deadlines(period_start: date, period_end: date, interim_due: str = "04-30",
                    final_due_months: int = 6) -> list[ProofDeadline]:
    """Interim proof per budget year that ends before the period does (due the next year on ``interim_due``),
    final proof ``final_due_months`` after the period ends."""
    month, day = (int(x) for x in interim_due.split("-"))
    out = [ProofDeadline("interim", year, date(year + 1, month, day))
           for year in range(period_start.year, period_end.year)]
    out.append(ProofDeadline("final", None, add_months(period_end, final_due_months)))
    return out


def missing_proofs(deadlines: list[ProofDeadline], submitted: set[tuple[str, int | None]],
                   today: date) -> list[ProofDeadline]:
    return [d for d in deadlines if d.due < today and (d.kind, d.year) not in submitted]
