"""Domain messages: German text unchanged for API, events and export; English on screen from the same Msg, also
after a round trip through the stored JSON of a plan version, with labels and figures inside translated."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask

import finance
from finance.domain.action_fund import REFUSAL_REASONS, refusal_reason
from finance.domain.drawdowns import DrawdownError, check_need, check_transition
from finance.domain.funders import Funder, FunderRules, InvalidRules
from finance.domain.plans import CostLine, Plan, SourceLine, validate
from finance.i18n import explain, failure_text, from_text, translate
from servicekit.web.i18n import install_i18n

D = Decimal


@pytest.fixture
def app():
    app = Flask(__name__)
    install_i18n(app, Path(finance.__file__).parent)
    return app


A = Funder("a", "Alpha", "eu", True, FunderRules(joint_group="g", joint_max_rate=D("0.9")), short_name="A")
B = Funder("b", "Beta", "federal", True, FunderRules(joint_group="g", joint_max_rate=D("0.9")), short_name="B")
C = Funder("c", "Gamma", "state", True, FunderRules(joint_group="g", joint_max_rate=D("0.8"),
                                                     eligible_categories=("personnel",)), short_name="C")
PLAN = Plan((CostLine("1", "personnel", 2027, D("1000")), CostLine("2", "investment", 2027, D("1000"))),
            (SourceLine("a", 2027, D("1000")), SourceLine("b", 2027, D("500")), SourceLine("c", 2027, D("500"), "2")))


def stored(failures):
    """What the plan version keeps in its JSON column."""
    return json.loads(json.dumps([f.to_dict() for f in failures]))


def test_german_text_is_unchanged_and_english_comes_from_the_stored_values(app):
    failures = validate(PLAN, {f.id: f for f in (A, B, C)})
    joint = next(f for f in failures if f.rule == "joint_rate")
    assert joint.message == ("A und B und C finanzieren zusammen 100 % der Ausgaben; erlaubt sind zusammen "
                             "höchstens 80 %.")
    rows = {f["rule"]: f for f in stored(failures)}
    assert rows["joint_rate"]["message"] == joint.message and rows["joint_rate"]["rule_name"] == "Gemeinsame Förderquote"
    with app.test_request_context("/?lang=en"):
        assert failure_text(rows["joint_rate"]) == ("A and B and C together fund 100.0% of the expenses; together "
                                                    "at most 80.0% is allowed.")
        assert failure_text(rows["eligible"]) == "C does not fund “Investments” (position 2)."
    with app.test_request_context("/"):
        assert failure_text(rows["joint_rate"]) == joint.message  # German screens show the German text as it was
        assert failure_text(rows["eligible"]) == "C fördert keine Investitionen (Position 2)."


def test_versions_saved_before_the_values_were_kept_show_the_german_text(app):
    old = {"rule": "balance", "rule_name": "Ausgeglichenheit", "funder_id": None,
           "message": "Der Plan ist nicht ausgeglichen: Ausgaben 1,00 €, Finanzierung 0,00 € (Differenz -1,00 €)."}
    with app.test_request_context("/?lang=en"):
        assert failure_text(old) == old["message"]


def test_status_labels_and_dates_inside_drawdown_refusals(app):
    with pytest.raises(DrawdownError) as transition:
        check_transition("draft", "received")
    with pytest.raises(DrawdownError) as need:
        check_need(D("10"), date(2026, 5, 1), date(2026, 1, 1), 6)
    assert str(transition.value) == "Ein Mittelabruf im Status „Entwurf“ kann nicht auf „Eingegangen“ gesetzt werden."
    assert "(bis 12.02.2026); die Zahlung ist erst am 01.05.2026 fällig." in str(need.value)
    with app.test_request_context("/?lang=en"):
        assert explain(transition.value) == "A drawdown request with status “Draft” cannot be set to “Received”."
        assert explain(need.value) == ("Need rule: funds may only be drawn down for payments due within 6 weeks "
                                       "(by 12 Feb 2026); this payment is not due until 1 May 2026.")
    assert translate(transition.value.args[0]) == str(transition.value)  # outside a request: German


def test_every_rule_problem_is_explained(app):
    with pytest.raises(InvalidRules) as exc:
        FunderRules(max_rate=D("2"), report_format="bogus")
    assert str(exc.value) == "max_rate muss zwischen 0 und 1 liegen (0,9 = 90 %). Unbekanntes Berichtsformat: bogus"
    with app.test_request_context("/?lang=en"):
        assert explain(exc.value) == "max_rate must be between 0 and 1 (0.9 = 90%). Unknown report format: bogus"


def test_refusal_reasons_stored_as_text_are_found_again(app):
    reason = refusal_reason(D("5000"), D("26000"), D("24000.50"), 2026)
    text = str(reason)  # what the table and the event keep
    assert text == ("Der Aktionsfonds 2026 reicht nicht: beschlossen 5.000,00 €, verfügbar sind nur noch 1.999,50 € "
                    "von 26.000,00 €.")
    with app.test_request_context("/?lang=en"):
        assert translate(from_text(text, REFUSAL_REASONS)) == (
            "The action fund 2026 is not sufficient: €5,000.00 decided, only €1,999.50 of €26,000.00 still available.")
        assert translate(from_text("Der beschlossene Betrag muss größer als 0 € sein.", REFUSAL_REASONS)) == \
            "The amount decided must be greater than €0."
        assert from_text("Irgendein anderer Grund", REFUSAL_REASONS) == "Irgendein anderer Grund"
