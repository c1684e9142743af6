"""Funders (Fördermittelgeber) and their versioned rules. Standard library only, apart from ``Msg``: the names and
messages are German text that the department UI can show in English."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from servicekit.web.i18n import Msg

FUNDER_TYPES = ("eu", "federal", "state", "municipality", "foundation", "donation", "own_funds", "participant_fees")
FUNDER_TYPE_NAMES = {
    "eu": Msg("EU"), "federal": Msg("Bund"), "state": Msg("Land"), "municipality": Msg("Kommune"),
    "foundation": Msg("Stiftung"), "donation": Msg("Spenden/Sponsoring"), "own_funds": Msg("Eigenmittel"),
    "participant_fees": Msg("Teilnahmebeiträge"),
}
COST_CATEGORIES = ("personnel", "material", "fees", "investment", "overhead", "intermediary")
CATEGORY_NAMES = {
    "personnel": Msg("Personalausgaben"), "material": Msg("Sachausgaben"), "fees": Msg("Honorare"),
    "investment": Msg("Investitionen"), "overhead": Msg("Verwaltungspauschale"),
    "intermediary": Msg("Kosten Zwischengeschalteter Stellen"),
}
#: the receipt-list layouts a funder can ask for (one booking, every funder's own format)
REPORT_FORMATS = {"standard": Msg("Standard (Belegliste nach Planpositionen)"),
                  "esf": Msg("ESF Plus (Z-EU-S-Belegliste)"), "bund": Msg("Bund (profi/easy-Online-Belegliste)")}
#: the applicant's own money: counts as own share (Eigenanteil) and as municipal burden in the portfolio
OWN_TYPES = ("own_funds", "municipality")
#: national public money (co-financing for EU funds)
NATIONAL_PUBLIC_TYPES = ("federal", "state", "municipality", "own_funds")


class FunderNotFound(LookupError):
    """No funder with this id."""


class InvalidRules(ValueError):
    """Funder rules that contradict themselves; ``problems`` lists each one (the message joins them)."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(" ".join(self.problems))


#: the rules that are fractions between 0 and 1
RATE_RULES = ("max_rate", "min_own_share", "cofinancing_min_public", "joint_max_rate", "overhead_rate",
              "position_overrun_tolerance")


def _dec(value) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


@dataclass(frozen=True)
class FunderRules:
    """One version of a funder's rules. Rates are fractions (0.9 = 90 %)."""

    max_rate: Decimal | None = None
    min_own_share: Decimal | None = None
    cofinancing_min_public: Decimal | None = None
    joint_group: str = ""
    joint_max_rate: Decimal | None = None
    eligible_categories: tuple[str, ...] = COST_CATEGORIES
    overhead_rate: Decimal | None = None
    excluded_funders: tuple[str, ...] = ()
    need_rule_weeks: int | None = None
    basis: str = "expense"  # expense basis (Ausgabenbasis) or cost basis (Kostenbasis)
    report_format: str = "standard"
    interim_due: str = "04-30"  # MM-DD of the following year
    final_due_months: int = 6
    taper: tuple[Decimal, ...] = ()
    #: how far the bookings on one plan position (in one budget year) may exceed its planned amount, as a fraction
    #: (0.20 = 20 %, the ANBest-P allowance): up to it booking warns, beyond it booking is refused. None: an
    #: overrun only ever warns.
    position_overrun_tolerance: Decimal | None = None

    def __post_init__(self) -> None:
        problems = []
        for name in RATE_RULES:
            value = getattr(self, name)
            if value is not None and not (Decimal(0) <= value <= Decimal(1)):
                problems.append(Msg("%(name)s muss zwischen 0 und 1 liegen (0,9 = 90 %%).", name=name))
        unknown = [c for c in self.eligible_categories if c not in COST_CATEGORIES]
        if unknown:
            problems.append(Msg("Unbekannte Kostenkategorien: %(codes)s", codes=", ".join(unknown)))
        if any(not (Decimal(0) <= t <= Decimal(1)) for t in self.taper):
            problems.append(Msg("Die Degression (taper) braucht Anteile zwischen 0 und 1."))
        if self.report_format not in REPORT_FORMATS:
            problems.append(Msg("Unbekanntes Berichtsformat: %(code)s", code=self.report_format))
        if self.basis not in ("expense", "cost"):
            problems.append(Msg("basis muss 'expense' oder 'cost' sein."))
        if problems:
            raise InvalidRules(problems)

    @classmethod
    def from_dict(cls, raw: dict | None) -> FunderRules:
        raw = dict(raw or {})
        for name in RATE_RULES:
            raw[name] = _dec(raw.get(name))
        if "eligible_categories" in raw:
            raw["eligible_categories"] = tuple(raw["eligible_categories"] or ())
        raw["excluded_funders"] = tuple(raw.get("excluded_funders") or ())
        raw["taper"] = tuple(Decimal(str(t)) for t in raw.get("taper") or ())
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in raw.items() if k in known})

    def to_dict(self) -> dict:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, Decimal):
                out[key] = str(value)
            elif isinstance(value, tuple):
                out[key] = [str(v) if isinstance(v, Decimal) else v for v in value]
        return out


@dataclass(frozen=True)
class Funder:
    id: str
    name: str
    type: str
    public: bool
    rules: FunderRules = field(default_factory=FunderRules)
    short_name: str = ""
    publicity_notice: str = ""

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def is_own(self) -> bool:
        return self.type in OWN_TYPES

    @property
    def is_external(self) -> bool:
        return self.type not in OWN_TYPES

    @property
    def is_national_public(self) -> bool:
        return self.public and self.type in NATIONAL_PUBLIC_TYPES
