"""The expense journal (GoBD): bookings are append-only; a correction is a reversal (Storno) plus a new booking."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from finance.domain.funders import COST_CATEGORIES
from finance.domain.money import from_cents, split_cents, to_cents
from servicekit.web.i18n import Msg


class JournalError(ValueError):
    """A booking that the journal refuses (409)."""


class DuplicateReceipt(JournalError):
    """The receipt number is already booked in this project and not reversed (409)."""


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


def check_new_expense(category: str, position: str, amount: Decimal, plan_positions: Mapping[str, str]) -> None:
    """``plan_positions`` maps each plan position to its category."""
    if amount <= 0:
        raise JournalError(Msg("Eine Ausgabe muss größer als 0 € sein; Korrekturen bucht man als Storno."))
    if category not in COST_CATEGORIES:
        raise JournalError(Msg("Unbekannte Kostenkategorie „%(code)s“.", code=category))
    if position not in plan_positions:
        raise JournalError(Msg("Die Planposition „%(position)s“ steht nicht im aktuellen Finanzierungsplan.",
                               position=position))
    if plan_positions[position] != category:
        raise JournalError(Msg("Die Planposition „%(position)s“ gehört zur Kategorie „%(planned)s“, nicht zu "
                               "„%(category)s“.", position=position, planned=plan_positions[position],
                               category=category))


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
