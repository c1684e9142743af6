"""The funding-plan validation engine: one test per rule, with the German explanation."""

from decimal import ROUND_DOWN, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from finance.domain.funders import Funder, FunderRules
from finance.domain.plans import CostLine, Plan, SourceLine, summarise, validate

D = Decimal

ESF = Funder("esf", "Europäischer Sozialfonds Plus", "eu", True, FunderRules(
    joint_group="biwaq", joint_max_rate=D("0.9"), cofinancing_min_public=D("0.1"), overhead_rate=D("0.15")),
    short_name="ESF Plus")
BUND = Funder("bund", "Bund", "federal", True, FunderRules(joint_group="biwaq", joint_max_rate=D("0.9")))
STADT = Funder("stadt", "Stadt Kaufbeuren", "municipality", True)
BOSCH = Funder("bosch", "Robert-Bosch-Stiftung", "foundation", False, FunderRules(
    max_rate=D("0.8"), min_own_share=D("0.1"), taper=(D("0.8"), D("0.6")),
    eligible_categories=("personnel", "material", "fees")), short_name="Bosch-Stiftung")
SPENDE = Funder("spende", "Spenden", "donation", False, FunderRules(excluded_funders=("bosch",)))
FUNDERS = {f.id: f for f in (ESF, BUND, STADT, BOSCH, SPENDE)}


def biwaq(esf="50000", bund="40000", stadt="10000", own_means=D(0), overhead="0") -> Plan:
    costs = [CostLine("1", "personnel", 2027, D("80000"), "Personal"), CostLine("2", "fees", 2027, D("20000"))]
    if overhead != "0":
        costs.append(CostLine("3", "overhead", 2027, D(overhead)))
    return Plan(tuple(costs), (SourceLine("esf", 2027, D(esf)), SourceLine("bund", 2027, D(bund)),
                               SourceLine("stadt", 2027, D(stadt))), own_means)


def rules_of(failures):
    return [f.rule for f in failures]


def test_balanced_biwaq_plan_with_municipal_share_is_valid():
    assert validate(biwaq(), FUNDERS) == []
    summary = summarise(biwaq(), FUNDERS)
    assert (summary.external_funds, summary.municipal_share) == (D("90000"), D("10000"))


def test_unbalanced_plan_names_the_difference():
    failures = validate(biwaq(stadt="5000"), FUNDERS)
    assert rules_of(failures)[0] == "balance"
    assert "nicht ausgeglichen" in failures[0].message and "-5.000,00 €" in failures[0].message


def test_balance_is_checked_per_year():
    plan = Plan((CostLine("1", "personnel", 2026, D("100")), CostLine("1", "personnel", 2027, D("100"))),
                (SourceLine("stadt", 2026, D("150")), SourceLine("stadt", 2027, D("50"))))
    failures = validate(plan, FUNDERS)
    assert rules_of(failures) == ["balance", "balance"]
    assert "Im Jahr 2026" in failures[0].message


def test_esf_and_federal_together_may_cover_at_most_90_percent():
    failures = validate(biwaq(esf="55000", bund="40000", stadt="5000"), FUNDERS)
    assert "joint_rate" in rules_of(failures)
    message = next(f.message for f in failures if f.rule == "joint_rate")
    assert "zusammen 95 %" in message and "höchstens 90 %" in message


def test_funder_rate_is_measured_against_its_eligible_costs():
    plan = Plan((CostLine("1", "personnel", 2026, D("10000")),),
                (SourceLine("bosch", 2026, D("9000")), SourceLine("stadt", 2026, D("1000"))))
    failures = validate(plan, FUNDERS)
    assert "rate" in rules_of(failures)
    assert "Bosch-Stiftung finanziert 90 %" in next(f.message for f in failures if f.rule == "rate")


def test_minimum_own_share():
    plan = Plan((CostLine("1", "personnel", 2026, D("10000")),),
                (SourceLine("bosch", 2026, D("8000")), SourceLine("spende", 2026, D("2000"))))
    failures = validate(plan, {**FUNDERS, "spende": Funder("spende", "Spenden", "donation", False)})
    message = next(f.message for f in failures if f.rule == "own_share")
    assert "Eigenanteil von mindestens 10 %" in message and "geplant sind 0 %" in message


def test_esf_needs_national_public_cofinancing():
    plan = Plan((CostLine("1", "personnel", 2026, D("10000")),),
                (SourceLine("esf", 2026, D("5000")), SourceLine("spende", 2026, D("5000"))))
    failures = validate(plan, {**FUNDERS, "spende": Funder("spende", "Spenden", "donation", False)})
    assert "nationale öffentliche Kofinanzierung" in next(f.message for f in failures if f.rule == "cofinancing")


def test_ineligible_category_tied_to_a_source():
    plan = Plan((CostLine("1", "investment", 2026, D("1000")), CostLine("2", "personnel", 2026, D("9000"))),
                (SourceLine("bosch", 2026, D("500"), "1"), SourceLine("stadt", 2026, D("9500"))))
    failures = validate(plan, FUNDERS)
    assert "Bosch-Stiftung fördert keine Investitionen (Position 1)." in [f.message for f in failures]


def test_overhead_flat_rate_limit():
    failures = validate(biwaq(esf="54000", bund="36000", stadt="30000", overhead="20000"), FUNDERS)
    assert "Verwaltungspauschale von höchstens 15 %" in next(f.message for f in failures if f.rule == "overhead")


def test_funders_that_may_not_be_combined():
    plan = Plan((CostLine("1", "personnel", 2026, D("10000")),),
                (SourceLine("bosch", 2026, D("5000")), SourceLine("spende", 2026, D("4000")),
                 SourceLine("stadt", 2026, D("1000"))))
    failures = validate(plan, FUNDERS)
    assert "Spenden darf nicht mit Bosch-Stiftung kombiniert werden." in [f.message for f in failures]


def test_subsidiarity_public_money_only_after_available_own_means():
    failures = validate(biwaq(own_means=D("25000")), FUNDERS)
    assert rules_of(failures) == ["subsidiarity"]
    assert failures[0].message.startswith("Nachrangigkeit: Es stehen 25.000,00 € Eigen- und Drittmittel")


def test_double_funding_of_one_cost_item():
    plan = Plan((CostLine("1", "fees", 2026, D("1000"), "Coaching"), CostLine("2", "personnel", 2026, D("9000"))),
                (SourceLine("esf", 2026, D("900"), "1"), SourceLine("bund", 2026, D("900"), "1"),
                 SourceLine("stadt", 2026, D("8200"))))
    failures = validate(plan, FUNDERS)
    message = next(f.message for f in failures if f.rule == "double_funding")
    assert "Doppelförderung: Position 1 „Coaching“ kostet 1.000,00 €, ist aber mit 1.800,00 € finanziert" in message


def test_start_up_funding_tapers_by_year():
    plan = Plan((CostLine("1", "personnel", 2026, D("10000")), CostLine("1", "personnel", 2027, D("10000"))),
                (SourceLine("bosch", 2026, D("8000")), SourceLine("stadt", 2026, D("2000")),
                 SourceLine("bosch", 2027, D("8000")), SourceLine("stadt", 2027, D("2000"))))
    failures = validate(plan, FUNDERS)
    taper = [f.message for f in failures if f.rule == "taper"]
    assert taper == ["Anschubfinanzierung: Bosch-Stiftung trägt im 2. Jahr (2027) höchstens 60 % der Ausgaben; "
                     "geplant sind 80 %."]


def test_unknown_funder_and_non_positive_amounts():
    plan = Plan((CostLine("1", "personnel", 2026, D("0")),), (SourceLine("niemand", 2026, D("0")),))
    assert set(rules_of(validate(plan, FUNDERS))) >= {"amount", "unknown_funder"}


# -- properties ------------------------------------------------------------------------------------------
amounts = st.integers(min_value=1, max_value=10**7).map(lambda c: D(c) / 100)


@st.composite
def valid_plans(draw):
    """Balanced plans financed by the city (and optionally a 50 % ESF/federal share within the rules)."""
    years = draw(st.lists(st.integers(2026, 2030), min_size=1, max_size=3, unique=True))
    costs, sources = [], []
    for i, year in enumerate(years):
        lines = draw(st.lists(amounts, min_size=1, max_size=4))
        for j, amount in enumerate(lines):
            costs.append(CostLine(f"{i}.{j}", draw(st.sampled_from(["personnel", "material", "fees"])), year, amount))
        total = sum(lines)
        esf = (total * D("0.5")).quantize(D("0.01"), rounding=ROUND_DOWN)  # never above the rates
        bund = (total * D("0.3")).quantize(D("0.01"), rounding=ROUND_DOWN)
        sources += [SourceLine("esf", year, esf), SourceLine("bund", year, bund),
                    SourceLine("stadt", year, total - esf - bund)]
    return Plan(tuple(costs), tuple(s for s in sources if s.amount > 0))


@settings(max_examples=60)
@given(plan=valid_plans(), data=st.data())
def test_valid_plans_stay_valid_under_reordering(plan, data):
    assert validate(plan, FUNDERS) == []
    shuffled = Plan(tuple(data.draw(st.permutations(plan.costs))), tuple(data.draw(st.permutations(plan.sources))))
    assert validate(shuffled, FUNDERS) == []


@settings(max_examples=60)
@given(plan=valid_plans(), data=st.data(), extra=amounts)
def test_failures_do_not_depend_on_line_order(plan, data, extra):
    broken = Plan(plan.costs, plan.sources + (SourceLine("esf", plan.costs[0].year, extra),))
    shuffled = Plan(tuple(data.draw(st.permutations(broken.costs))), tuple(data.draw(st.permutations(broken.sources))))
    assert validate(broken, FUNDERS) == validate(shuffled, FUNDERS) != []
