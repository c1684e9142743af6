"""Action fund (Aktionsfonds) of a monitoring committee: micro-project decisions against the annual budget."""

from __future__ import annotations

from decimal import Decimal

from finance.domain.money import euro


def refusal_reason(amount: Decimal, budget: Decimal, booked: Decimal, year: int) -> str | None:
    """None when the decision fits what remains; otherwise the German reason it is refused."""
    remaining = budget - booked
    if amount <= 0:
        return "Der beschlossene Betrag muss größer als 0 € sein."
    if amount > remaining:
        return (f"Der Aktionsfonds {year} reicht nicht: beschlossen {euro(amount)}, verfügbar sind nur noch "
                f"{euro(remaining)} von {euro(budget)}.")
    return None
