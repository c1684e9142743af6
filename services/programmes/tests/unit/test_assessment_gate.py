from decimal import Decimal

import pytest

from programmes.domain.assessment import CRITERIA, InvalidAssessment, evaluate
from programmes.domain.indicators import attainment_percent


def scores(value, **overrides):
    result = {k: {"score": value, "reason": "begründet"} for k in CRITERIA}
    result.update(overrides)
    return result


def test_seven_criteria_sum_against_configurable_threshold():
    assert len(CRITERIA) == 7
    assert evaluate(scores(2), threshold=14).passed is True
    assert evaluate(scores(2), threshold=15).passed is False
    assert evaluate(scores(2), threshold=15).total == 14


def test_every_criterion_needs_a_score_0_to_3_and_a_reason():
    bad = scores(2, participation={"score": 4, "reason": ""})
    del bad["added_value"]
    with pytest.raises(InvalidAssessment) as exc:
        evaluate(bad)
    assert exc.value.errors["participation"] == ["Die Punktzahl muss zwischen 0 und 3 liegen.",
                                                  "Bitte begründen Sie die Punktzahl."]
    assert exc.value.errors["added_value"] == ["Dieses Kriterium muss bewertet werden."]


def test_threshold_outside_the_scale_is_refused():
    with pytest.raises(InvalidAssessment, match="Schwelle"):
        evaluate(scores(3), threshold=22)


def test_attainment_between_baseline_and_target():
    assert attainment_percent(Decimal("10"), Decimal("30"), Decimal("25")) == 75
    assert attainment_percent(Decimal("10"), Decimal("30"), None) is None
    assert attainment_percent(Decimal("50"), Decimal("20"), Decimal("35")) == 50  # a falling target
