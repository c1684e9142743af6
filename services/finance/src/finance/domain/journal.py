"""The expense journal (GoBD): bookings are append-only; a correction is a reversal (Storno) plus a new booking.

Every refusal names the form field it belongs to (``field``), so a screen shows it beside that field and the API
returns it as a field error."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from finance.domain.funders import COST_CATEGORIES
from finance.domain.money import day, from_cents, split_cents, to_cents
from servicekit.web.i18n import Msg


class JournalError(ValueError):
    """A booking that the journal refuses (409). ``field``: the input it is about (None: the booking as a whole);
    ``problems``: several sentences (the message joins them)."""

    field: str | None = None
    status: int = 409

    def __init__(self, *problems) -> None:
        self.problems = list(problems)
        super().__init__(problems[0] if len(problems) == 1 else " ".join(str(p) for p in problems))


class DuplicateReceipt(JournalError):
    """The receipt number is already booked in this project and not reversed (409)."""

    field = "receipt_number"


class FutureReceipt(JournalError):
    """A receipt dated after today: nothing is booked before it exists (422)."""

    field = "booking_date"
    status = 422


class PositionError(JournalError):
    """The plan position does not exist or belongs to another category."""

    field = "position"


class AmountError(JournalError):
    """An amount the journal cannot book (zero or negative)."""

    field = "amount"


class BudgetRefused(JournalError):
    """A funder's rule refuses the overrun of a plan position (``position_overrun_tolerance``)."""

    field = "amount"


class NoPlanForSplit(JournalError):
    """The project has no funding plan whose shares could split the expense."""


@dataclass(frozen=True)
class Booking:
    id: str
    project_id: str
    receipt_number: str
    booking_date: date
    payee: str
    purpose: str
    category: str
    position: str
    amount: Decimal
    reverses: str | None = None


def check_receipt_date(booking_date: date, today: date) -> None:
    """A receipt is booked once it exists: a date after ``today`` (Kaufbeuren's calendar day) is refused."""
    if booking_date > today:
        raise FutureReceipt(Msg("Das Belegdatum %(date)s liegt in der Zukunft. Buchen Sie einen Beleg erst, wenn er "
                                "ausgestellt ist (heute ist der %(today)s).", date=day(booking_date), today=day(today)))


def check_new_expense(category: str, position: str, amount: Decimal, plan_positions: Mapping[str, str]) -> None:
    """``plan_positions`` maps each plan position to its category."""
    from finance.domain.funders import CATEGORY_NAMES

    if amount <= 0:
        raise AmountError(Msg("Eine Ausgabe muss größer als 0 € sein; Korrekturen bucht man als Storno."))
    if category not in COST_CATEGORIES:
        raise PositionError(Msg("Unbekannte Kostenkategorie „%(code)s“.", code=category))
    if position not in plan_positions:
        raise PositionError(Msg("Die Planposition „%(position)s“ steht nicht im aktuellen Finanzierungsplan.",
                                position=position))
    if plan_positions[position] != category:
        raise PositionError(Msg("Die Planposition „%(position)s“ gehört zur Kategorie „%(planned)s“, nicht zu "
                                "„%(category)s“.", position=position,
                                planned=CATEGORY_NAMES.get(plan_positions[position], plan_positions[position]),
                                category=CATEGORY_NAMES.get(category, category)))


def check_reversal(original: Booking, already_reversed: bool) -> None:
    if original.reverses is not None:
        raise JournalError(Msg("Ein Storno kann nicht storniert werden; buchen Sie die Ausgabe neu."))
    if already_reversed:
        raise JournalError(Msg("Die Buchung %(receipt)s ist bereits storniert.", receipt=original.receipt_number))


def split(amount: Decimal, weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The expense's share per funder, cent-exact; the shares always sum to the amount."""
    if not weights:
        raise NoPlanForSplit(Msg("Der Finanzierungsplan hat keine Finanzierungsquellen; die Ausgabe kann nicht "
                                 "auf Fördermittelgeber aufgeteilt werden."))
    return {k: from_cents(v) for k, v in split_cents(to_cents(amount), weights).items()}
