"""Property: whatever is requested in whatever order, the guards hold on every path."""

from hypothesis import given, settings
from hypothesis import strategies as st

from programmes.domain.lifecycle import FINAL, STAGES, Conflict, Evidence, allowed_targets, check_transition

evidence = st.builds(Evidence, **{name: st.booleans() for name in Evidence.__dataclass_fields__})
requests = st.lists(st.tuples(st.sampled_from(STAGES), evidence, st.sampled_from(["", "Grund"])), max_size=40)


@settings(max_examples=300, deadline=None)
@given(requests)
def test_no_path_skips_a_guard(steps):
    stage = "idea"
    for target, ev, reason in steps:
        try:
            check_transition(stage, target, ev, reason)
        except Conflict:
            continue
        assert target in allowed_targets(stage) and stage not in FINAL
        if target == "concept":
            assert ev.assessment_passed
        if target == "approved":
            assert ev.grant or ev.decision or ev.documented_decision
        if target == "closing":
            assert ev.final_report
        if target == "evaluated":
            assert ev.measurements
        if target in ("rejected", "withdrawn"):
            assert reason
        stage = target
    assert stage in STAGES
