"""The cent-exact split of an expense over the funders (largest remainder, ties by funder id)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from finance.domain.journal import split
from finance.domain.money import split_cents

funder_ids = st.text(alphabet="abcdefgh-", min_size=1, max_size=8)
weights = st.dictionaries(funder_ids, st.integers(min_value=1, max_value=10**9), min_size=1, max_size=8)


@given(total=st.integers(min_value=-10**11, max_value=10**11), weights=weights)
def test_shares_always_sum_to_the_expense(total, weights):
    parts = split_cents(total, weights)
    assert sum(parts.values()) == total
    assert set(parts) == set(weights)


@given(total=st.integers(min_value=0, max_value=10**11), weights=weights)
def test_each_share_is_within_one_cent_of_its_exact_value(total, weights):
    parts = split_cents(total, weights)
    weight_sum = sum(weights.values())
    for key, cents in parts.items():
        exact = Decimal(total) * weights[key] / weight_sum
        assert abs(Decimal(cents) - exact) < 1


@given(total=st.integers(min_value=0, max_value=10**9), weights=weights)
def test_split_does_not_depend_on_the_order_of_funders(total, weights):
    reordered = dict(reversed(list(weights.items())))
    assert split_cents(total, weights) == split_cents(total, reordered)


@given(total=st.integers(min_value=1, max_value=10**9), weights=weights)
def test_reversal_mirrors_the_original_split_exactly(total, weights):
    assert split_cents(-total, weights) == {k: -v for k, v in split_cents(total, weights).items()}


def test_remainder_cent_goes_to_lowest_funder_id_on_ties():
    # 1.00 € over three equal funders: 33 + 33 + 33 = 99, the last cent goes to the alphabetically first id
    assert split_cents(100, {"demo-esf-plus": 1, "demo-bund": 1, "demo-stadt": 1}) == {
        "demo-bund": 34, "demo-esf-plus": 33, "demo-stadt": 33}


def test_largest_remainder_wins_the_leftover_cent():
    # 10 cents split 50/40/10 of 0.05 € → exact 2.5 / 2.0 / 0.5: the two .5 remainders tie → ids decide
    assert split_cents(5, {"a": 50, "b": 40, "c": 10}) == {"a": 3, "b": 2, "c": 0}


def test_split_of_a_biwaq_expense_in_euros():
    # exact 1175.255 / 940.204 / 235.051: the leftover cent goes to the largest remainder (ESF Plus)
    shares = split(Decimal("2350.51"), {"demo-esf-plus": Decimal("50"), "demo-bund": Decimal("40"),
                                        "demo-stadt-kaufbeuren": Decimal("10")})
    assert shares == {"demo-esf-plus": Decimal("1175.26"), "demo-bund": Decimal("940.20"),
                      "demo-stadt-kaufbeuren": Decimal("235.05")}
    assert sum(shares.values()) == Decimal("2350.51")


def test_zero_weights_are_left_out():
    assert split_cents(1000, {"a": 1, "b": 0}) == {"a": 1000}


def test_expense_on_a_position_tied_to_one_funder_goes_to_that_funder_first():
    from finance.domain.plans import CostLine, Plan, SourceLine

    plan = Plan((CostLine("1", "investment", 2026, Decimal("1000")), CostLine("2", "personnel", 2026, Decimal("9000"))),
                (SourceLine("stiftung", 2026, Decimal("600"), "1"), SourceLine("esf", 2026, Decimal("4700")),
                 SourceLine("stadt", 2026, Decimal("4700"))))
    # position 1: 600 € tied to the foundation, the remaining 400 € shared half/half by the untied sources
    assert split(Decimal("100.00"), plan.shares_for(2026, "1")) == {
        "stiftung": Decimal("60.00"), "esf": Decimal("20.00"), "stadt": Decimal("20.00")}
    # position 2 has no tied source: only the untied sources pay (the foundation's money is for position 1)
    assert split(Decimal("100.00"), plan.shares_for(2026, "2")) == {"esf": Decimal("50.00"), "stadt": Decimal("50.00")}


# --- plans with position-tied sources, tapering years, own means and fractional Decimal weights -------------------

fractional = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("1000000"), places=4, allow_nan=False,
                         allow_infinity=False)


@given(total=st.integers(min_value=-10**11, max_value=10**11),
       weights=st.dictionaries(funder_ids, fractional, min_size=1, max_size=8))
def test_fractional_decimal_weights_still_sum_cent_exact(total, weights):
    parts = split_cents(total, weights)
    assert sum(parts.values()) == total and set(parts) == set(weights)


@st.composite
def plans_with_tied_sources(draw):
    from finance.domain.plans import CostLine, Plan, SourceLine

    years = draw(st.lists(st.integers(2026, 2029), min_size=1, max_size=3, unique=True))
    positions = [str(i) for i in range(1, draw(st.integers(1, 4)) + 1)]
    funders = ["bosch", "esf", "stadt", "eigen"]
    costs, sources = [], []
    for index, year in enumerate(sorted(years)):
        taper = [Decimal("0.8"), Decimal("0.6"), Decimal("0.4")][min(index, 2)]  # start-up funding tapers by year
        for position in positions:
            cost = Decimal(draw(st.integers(1, 10**7))) / 100
            costs.append(CostLine(position, draw(st.sampled_from(["personnel", "material", "fees"])), year, cost))
            if draw(st.booleans()):  # a source tied to this position (part of its cost, at most the taper share)
                sources.append(SourceLine(draw(st.sampled_from(funders)), year,
                                          (cost * taper * draw(fractional) / Decimal(1000000)).quantize(Decimal("0.01"))
                                          or Decimal("0.01"), position))
        for funder in draw(st.lists(st.sampled_from(funders), min_size=0, max_size=3, unique=True)):
            sources.append(SourceLine(funder, year, Decimal(draw(st.integers(1, 10**7))) / 100))
    if not sources:
        sources.append(SourceLine("stadt", years[0], Decimal("1.00")))
    own = Decimal(draw(st.integers(0, 10**6))) / 100
    return Plan(tuple(costs), tuple(sources), own_means_available=own), positions, years


@given(case=plans_with_tied_sources(), cents=st.integers(min_value=1, max_value=10**9), data=st.data())
def test_expense_split_by_any_plan_sums_to_the_expense(case, cents, data):
    plan, positions, years = case
    position = data.draw(st.sampled_from(positions))
    year = data.draw(st.sampled_from([*years, 2035]))  # 2035: a year the plan does not finance
    amount = Decimal(cents) / 100
    weights = plan.shares_for(year, position)
    shares = split(amount, weights)
    assert sum(shares.values()) == amount  # cent-exact, also for the storno
    assert all(v == v.quantize(Decimal("0.01")) for v in shares.values())
    assert sum(split(-amount, weights).values()) == -amount
    reordered = type(plan)(tuple(reversed(plan.costs)), tuple(reversed(plan.sources)), plan.own_means_available)
    assert split(amount, reordered.shares_for(year, position)) == shares
