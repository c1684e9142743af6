import pytest

from programmes.domain.lifecycle import Evidence, GuardFailed, IllegalTransition, allowed_targets, check_transition


def test_no_concept_without_a_passed_assessment():
    with pytest.raises(GuardFailed, match="bestandene Bewertung"):
        check_transition("assessed", "concept", Evidence(assessed=True, assessment_passed=False))
    check_transition("assessed", "concept", Evidence(assessed=True, assessment_passed=True))


def test_idea_cannot_skip_the_workshop():
    with pytest.raises(IllegalTransition, match="Von „Idee“ geht es nicht nach „Konzept“"):
        check_transition("idea", "concept", Evidence(assessment_passed=True))


@pytest.mark.parametrize("evidence", [Evidence(grant=True), Evidence(decision=True),
                                      Evidence(documented_decision=True)])
def test_approval_needs_grant_or_decision_or_documented_decision(evidence):
    check_transition("application", "approved", evidence)


def test_approval_without_any_basis_is_refused_in_german():
    with pytest.raises(GuardFailed, match="Zuwendungsbescheid"):
        check_transition("application", "approved", Evidence())


def test_closing_needs_final_report_and_evaluation_needs_measurements():
    with pytest.raises(GuardFailed, match="Abschlussbericht"):
        check_transition("running", "closing", Evidence())
    check_transition("running", "closing", Evidence(final_report=True))
    with pytest.raises(GuardFailed, match="Messwerte"):
        check_transition("closing", "evaluated", Evidence(final_report=True))
    check_transition("closing", "evaluated", Evidence(measurements=True))


def test_exits_need_a_reason_and_final_stages_are_final():
    with pytest.raises(GuardFailed, match="begründen"):
        check_transition("concept", "withdrawn", Evidence(), reason=" ")
    check_transition("concept", "withdrawn", Evidence(), reason="Träger hat abgesagt")
    for stage in ("sustained", "ended", "rejected", "withdrawn"):
        assert allowed_targets(stage) == ()
    with pytest.raises(IllegalTransition):
        check_transition("running", "rejected", Evidence(), reason="zu spät")


def test_sustained_needs_a_plan_but_ended_does_not():
    with pytest.raises(GuardFailed, match="Verstetigungsplan"):
        check_transition("evaluated", "sustained", Evidence())
    check_transition("evaluated", "ended", Evidence())
    check_transition("evaluated", "sustained", Evidence(sustainment_plan=True))
