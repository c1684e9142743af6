"""Drawdown requests (Mittelabruf): status machine, need rule and the four-eyes principle."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from finance.domain.money import Figure, day, euro
from servicekit.web.i18n import Msg

STATUSES = ("draft", "approved", "submitted", "received")
STATUS_NAMES = {"draft": Msg("Entwurf"), "approved": Msg("Freigegeben"), "submitted": Msg("Eingereicht"),
                "received": Msg("Eingegangen")}
NEXT = {"draft": "approved", "approved": "submitted", "submitted": "received"}


class DrawdownError(ValueError):
    """A drawdown request that breaks a rule (409 / 422)."""


class FourEyesViolation(PermissionError):
    """The approver is the person who created the request (403)."""


def check_transition(current: str, target: str) -> None:
    if NEXT.get(current) != target:
        raise DrawdownError(Msg("Ein Mittelabruf im Status „%(current)s“ kann nicht auf „%(target)s“ gesetzt werden.",
                                current=STATUS_NAMES.get(current, current), target=STATUS_NAMES.get(target, target)))


def check_four_eyes(created_by: str, approver: str) -> None:
    if created_by == approver:
        raise FourEyesViolation(Msg("Vier-Augen-Prinzip: Wer den Mittelabruf erstellt hat, darf ihn nicht selbst "
                                    "freigeben. Bitte lassen Sie ihn von einer zweiten Person freigeben."))


def check_need(amount: Decimal, due_date: date, today: date, need_weeks: int | None) -> None:
    """Bedarfsprinzip: funds only for payments due within ``need_weeks`` weeks."""
    if amount <= 0:
        raise DrawdownError(Msg("Der abgerufene Betrag muss größer als 0 € sein."))
    if need_weeks is None:
        return
    latest = today + timedelta(weeks=need_weeks)
    if due_date > latest:
        raise DrawdownError(Msg("Bedarfsprinzip: Mittel dürfen nur für Zahlungen abgerufen werden, die innerhalb von "
                                "%(weeks)s Wochen fällig werden (bis %(latest)s); die Zahlung ist erst am %(due)s "
                                "fällig.", weeks=need_weeks, latest=day(latest), due=day(due_date)))


def check_cost_basis(amount: Decimal, incurred: Decimal, already_requested: Decimal) -> None:
    """Kostenbasis: only costs already incurred in the period (the funder's booked shares) may be requested."""
    left = incurred - already_requested
    if amount > left:
        raise DrawdownError(Msg("Kostenbasis: Dieser Geber erstattet nur bereits angefallene Ausgaben. Im Zeitraum "
                                "sind %(incurred)s angefallen, davon schon %(requested)s abgerufen; abrufbar sind "
                                "höchstens %(left)s.", incurred=euro(incurred), requested=euro(already_requested),
                                left=euro(left)))


def check_available(amount: Decimal, granted: Decimal, already_requested: Decimal) -> None:
    left = granted - already_requested
    if amount > left:
        amounts = {k: Figure(f"{v:.2f} €".replace(".", ","), "euro", v) for k, v in
                   (("granted", granted), ("requested", already_requested), ("left", left))}
        raise DrawdownError(Msg("Der Abruf übersteigt die bewilligten Mittel: bewilligt %(granted)s, bereits "
                                "abgerufen %(requested)s, verfügbar %(left)s.", **amounts))
