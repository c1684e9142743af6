"""The demo's staff: the development accounts the gateway creates (``gateway.cli bootstrap``) and the people the
services' seeds act as, so a seeded record reads "Fritz Finanzen (Demo), 07.12.2026, 12:42 Uhr" on every screen,
like one written through the UI, and never shows an account id or a "Demodaten" label where a person acted.

The seeds run before the gateway creates the accounts, so a seed's actor id is the stable ``actor`` below, not
the account's id; only the name is ever shown."""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.auth.principal import acting_as


@dataclass(frozen=True)
class DemoPerson:
    actor: str
    name: str
    email: str
    roles: tuple[str, ...]

    def acting(self):
        """``with PERSON.acting(): …``: what the seed writes meanwhile carries this person's name."""
        return acting_as(self.actor, self.name)


PROGRAMME = DemoPerson("demo-paula-programm", "Paula Programm (Demo)", "programme@kaufbeuren-aktiv.invalid",
                       ("programmes.editor",))
FINANCE_CLERK = DemoPerson("demo-fritz-finanzen", "Fritz Finanzen (Demo)", "finanzen@kaufbeuren-aktiv.invalid",
                           ("finance.clerk",))
FINANCE_APPROVER = DemoPerson("demo-frieda-freigabe", "Frieda Freigabe (Demo)", "freigabe@kaufbeuren-aktiv.invalid",
                              ("finance.approver",))
PARTICIPATION = DemoPerson("demo-bea-beteiligung", "Bea Beteiligung (Demo)", "beteiligung@kaufbeuren-aktiv.invalid",
                           ("participation.editor",))
NEWSLETTER = DemoPerson("demo-nina-newsletter", "Nina Newsletter (Demo)", "newsletter@kaufbeuren-aktiv.invalid",
                        ("newsletter.editor",))
VIEWER = DemoPerson("demo-lena-lesen", "Lena Lesen (Demo)", "lesen@kaufbeuren-aktiv.invalid", ("viewer",))

STAFF = (PROGRAMME, FINANCE_CLERK, FINANCE_APPROVER, PARTICIPATION, NEWSLETTER, VIEWER)
