"""Drawdown rules, the runtime radar's dates, the action fund and the proof-of-use numbers."""

from datetime import date
from decimal import Decimal

import pytest

from finance.domain.action_fund import refusal_reason
from finance.domain.drawdowns import (
    DrawdownError,
    FourEyesViolation,
    check_available,
    check_four_eyes,
    check_need,
    check_transition,
)
from finance.domain.funders import FunderRules, InvalidRules
from finance.domain.plans import CostLine, Plan, SourceLine
from finance.domain.proof import NumberLine, Receipt, numbers, receipt_list
from finance.domain.radar import add_months, due_thresholds, missing_proofs, proof_deadlines

D = Decimal


def test_creator_may_not_approve_own_drawdown():
    with pytest.raises(FourEyesViolation, match="Vier-Augen-Prinzip"):
        check_four_eyes("anna", "anna")
    check_four_eyes("anna", "bernd")


def test_need_rule_refuses_payments_due_later_than_n_weeks():
    with pytest.raises(DrawdownError, match="innerhalb von 6 Wochen"):
        check_need(D("100"), date(2026, 3, 1), date(2026, 1, 1), 6)
    check_need(D("100"), date(2026, 2, 12), date(2026, 1, 1), 6)
    check_need(D("100"), date(2027, 1, 1), date(2026, 1, 1), None)


def test_drawdown_may_not_exceed_the_grant():
    with pytest.raises(DrawdownError) as exc:
        check_available(D("600"), D("1000"), D("500"))
    assert str(exc.value) == ("Der Abruf übersteigt die bewilligten Mittel: bewilligt 1000,00 €, bereits abgerufen "
                              "500,00 €, verfügbar 500,00 €.")


def test_status_moves_only_forward_one_step():
    check_transition("draft", "approved")
    with pytest.raises(DrawdownError, match="Entwurf"):
        check_transition("draft", "submitted")
    with pytest.raises(DrawdownError):
        check_transition("received", "approved")


def test_rules_refuse_rates_above_one():
    with pytest.raises(InvalidRules, match="zwischen 0 und 1"):
        FunderRules.from_dict({"max_rate": "90"})
    assert FunderRules.from_dict(FunderRules(max_rate=D("0.9")).to_dict()).max_rate == D("0.9")


def test_radar_thresholds_and_deadlines():
    assert due_thresholds(date(2026, 11, 24), date(2027, 3, 31)) == [6]
    assert due_thresholds(date(2026, 11, 24), date(2026, 12, 20)) == [1, 3, 6]
    assert due_thresholds(date(2026, 11, 24), date(2026, 11, 1)) == []
    deadlines = proof_deadlines(date(2026, 7, 1), date(2028, 9, 30))
    assert [(d.kind, d.year, d.due) for d in deadlines] == [
        ("interim", 2026, date(2027, 4, 30)), ("interim", 2027, date(2028, 4, 30)), ("final", None, date(2029, 3, 30))]
    late = missing_proofs(deadlines, {("interim", 2026)}, date(2028, 5, 2))
    assert [d.label for d in late] == ["Zwischennachweis 2027"]
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_action_fund_refuses_over_budget_decisions_with_a_reason():
    assert refusal_reason(D("1000"), D("26000"), D("20000"), 2026) is None
    reason = refusal_reason(D("7000"), D("26000"), D("20000"), 2026)
    assert reason == ("Der Aktionsfonds 2026 reicht nicht: beschlossen 7.000,00 €, verfügbar sind nur noch "
                      "6.000,00 € von 26.000,00 €.")


def test_deviations_over_20_percent_are_flagged():
    assert NumberLine("personnel", 2026, D("100"), D("121")).flagged
    assert not NumberLine("personnel", 2026, D("100"), D("80")).flagged
    assert NumberLine("fees", 2026, D("0"), D("1")).flagged


def test_planned_numbers_use_the_funders_share_and_receipts_follow_plan_order():
    plan = Plan((CostLine("2", "material", 2026, D("1000")), CostLine("1", "personnel", 2026, D("3000"))),
                (SourceLine("esf", 2026, D("2000")), SourceLine("stadt", 2026, D("2000"))))
    lines = numbers(plan, "esf", [("personnel", 2026, D("1500"))])
    assert [(n.category, n.planned, n.actual) for n in lines] == [
        ("personnel", D("1500.00"), D("1500")), ("material", D("500.00"), D("0"))]
    receipts = [Receipt("a", "1", "B-2", date(2026, 2, 1), "x", "y", "personnel", D("1"), D("1")),
                Receipt("b", "2", "B-1", date(2026, 1, 1), "x", "y", "material", D("1"), D("1")),
                Receipt("c", "1", "B-3", date(2026, 1, 5), "x", "y", "personnel", D("1"), D("1"))]
    assert [r.entry_id for r in receipt_list(plan, receipts)] == ["b", "c", "a"]


def test_cost_basis_funders_pay_only_costs_already_incurred():
    from finance.domain.drawdowns import check_cost_basis

    check_cost_basis(D("300"), D("1000"), D("700"))
    with pytest.raises(DrawdownError, match="abrufbar sind höchstens 300,00 €"):
        check_cost_basis(D("300.01"), D("1000"), D("700"))
