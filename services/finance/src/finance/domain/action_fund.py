"""Action fund (Aktionsfonds) of a monitoring committee: micro-project decisions against the annual budget."""

from __future__ import annotations

from decimal import Decimal

from finance.domain.money import euro
from servicekit.web.i18n import Msg

#: the refusal reasons; they are stored as German text, the UI finds their values again (``finance.i18n.from_text``)
NOT_POSITIVE = Msg("Der beschlossene Betrag muss größer als 0 € sein.")
NOT_ENOUGH = Msg("Der Aktionsfonds %(year)s reicht nicht: beschlossen %(amount)s, verfügbar sind nur noch "
                 "%(remaining)s von %(budget)s.")
REFUSAL_REASONS = (NOT_POSITIVE, NOT_ENOUGH)


def refusal_reason(amount: Decimal, budget: Decimal, booked: Decimal, year: int) -> Msg | None:
    """None when the decision fits what remains; otherwise the German reason it is refused."""
    remaining = budget - booked
    if amount <= 0:
        return NOT_POSITIVE
    if amount > remaining:
        return Msg(NOT_ENOUGH, year=year, amount=euro(amount), remaining=euro(remaining), budget=euro(budget))
    return None
