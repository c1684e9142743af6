"""Drawdown requests (Mittelabruf): status machine, need rule and the four-eyes principle."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from finance.domain.money import euro

STATUSES = ("draft", "approved", "submitted", "received")
STATUS_NAMES = {"draft": "Entwurf", "approved": "Freigegeben", "submitted": "Eingereicht", "received": "Eingegangen"}
NEXT = {"draft": "approved", "approved": "submitted", "submitted": "received"}


class DrawdownError(ValueError):
    """A drawdown request that breaks a rule (409 / 422)."""


class FourEyesViolation(PermissionError):
    """The approver is the person who created the request (403)."""


def check_transition(current: str, target: str) -> None:
    if NEXT.get(current) != target:
        raise DrawdownError(f"Ein Mittelabruf im Status „{STATUS_NAMES.get(current, current)}“ kann nicht "
                            f"auf „{STATUS_NAMES.get(target, target)}“ gesetzt werden.")


def check_four_eyes(created_by: str, approver: str) -> None:
    if created_by == approver:
        raise FourEyesViolation("Vier-Augen-Prinzip: Wer den Mittelabruf erstellt hat, darf ihn nicht selbst "
                                "freigeben. Bitte lassen Sie ihn von einer zweiten Person freigeben.")


def check_need(amount: Decimal, due_date: date, today: date, need_weeks: int | None) -> None:
    """Bedarfsprinzip: funds only for payments due within ``need_weeks`` weeks."""
    if amount <= 0:
        raise DrawdownError("Der abgerufene Betrag muss größer als 0 € sein.")
    if need_weeks is None:
        return
    latest = today + timedelta(weeks=need_weeks)
    if due_date > latest:
        raise DrawdownError(f"Bedarfsprinzip: Mittel dürfen nur für Zahlungen abgerufen werden, die innerhalb von "
                            f"{need_weeks} Wochen fällig werden (bis {latest:%d.%m.%Y}); die Zahlung ist erst am "
                            f"{due_date:%d.%m.%Y} fällig.")


def check_cost_basis(amount: Decimal, incurred: Decimal, already_requested: Decimal) -> None:
    """Kostenbasis: only costs already incurred in the period (the funder's booked shares) may be requested."""
    left = incurred - already_requested
    if amount > left:
        raise DrawdownError(f"Kostenbasis: Dieser Geber erstattet nur bereits angefallene Ausgaben. Im Zeitraum sind "
                            f"{euro(incurred)} angefallen, davon schon {euro(already_requested)} abgerufen; "
                            f"abrufbar sind höchstens {euro(left)}.")


def check_available(amount: Decimal, granted: Decimal, already_requested: Decimal) -> None:
    left = granted - already_requested
    if amount > left:
        raise DrawdownError(f"Der Abruf übersteigt die bewilligten Mittel: bewilligt {granted:.2f} €, bereits "
                            f"abgerufen {already_requested:.2f} €, verfügbar {left:.2f} €.".replace(".", ","))
