import pytest

from participation.domain.governance import Member, count_votes, decision_number, is_recused, outcome_of, quorum


def _members(n_voting, n_advisory=0):
    ms = [Member(f"m{i}", f"org{i}", "member", True) for i in range(n_voting)]
    ms += [Member(f"a{i}", None, "advisory", False) for i in range(n_advisory)]
    return ms


@pytest.mark.parametrize("voting,present,quorate", [(6, 3, False), (6, 4, True), (5, 3, True), (5, 2, False),
                                                    (1, 1, True), (2, 1, False)])
def test_quorum_needs_more_than_half_of_the_voting_members(voting, present, quorate):
    members = _members(voting)
    result = quorum(members, {f"m{i}" for i in range(present)})
    assert result["quorate"] is quorate
    assert result["voting_members"] == voting and result["present"] == present


def test_advisory_members_neither_count_for_nor_against_quorum():
    members = _members(4, n_advisory=3)
    present = {"m0", "m1", "a0", "a1", "a2"}
    assert quorum(members, present) == {"voting_members": 4, "present": 2, "needed": 3, "quorate": False}


def test_body_rule_can_demand_two_thirds():
    members = _members(6)
    assert quorum(members, {"m0", "m1", "m2", "m3"}, percent=66)["quorate"] is True
    assert quorum(members, {"m0", "m1", "m2"}, percent=66)["quorate"] is False


def test_body_without_voting_members_is_never_quorate():
    assert quorum(_members(0, 2), {"a0", "a1"})["quorate"] is False


def test_member_of_the_applicant_organisation_is_recused():
    member = Member("m1", "juz", "member", True)
    assert is_recused(member, "juz") is True
    assert is_recused(member, "other") is False
    assert is_recused(member, None) is False
    assert is_recused(Member("m2", None, "member", True), None) is False


def test_votes_are_counted_and_a_tie_rejects():
    tally = count_votes(["yes", "no", "abstain", "yes", "abstain"])
    assert tally == {"yes": 2, "no": 1, "abstain": 2}
    assert outcome_of(tally) == "approved"
    assert outcome_of(count_votes(["yes", "no"])) == "rejected"
    assert outcome_of(count_votes(["abstain"])) == "rejected"
    with pytest.raises(ValueError):
        count_votes(["maybe"])


def test_decision_numbers_are_prefix_year_and_three_digits():
    assert decision_number("BA", 2026, 7) == "BA-2026-007"
    assert decision_number("SG", 2027, 123) == "SG-2027-123"


def test_a_member_whose_own_organisation_applies_is_recused_too():
    sent_by_the_city = Member("m1", "stadt", "member", True, person_organisation_id="juz")
    assert is_recused(sent_by_the_city, "juz") is True
    assert is_recused(sent_by_the_city, "stadt") is True
    assert is_recused(sent_by_the_city, "kulturverein") is False
    assert is_recused(Member("m2", None, "member", True, person_organisation_id="juz"), "juz") is True


def test_the_recorded_reason_says_which_organisation_makes_the_member_recused():
    from participation.domain.governance import recusal_reason_for

    own = Member("m1", "stadt", "member", True, person_organisation_id="juz")
    assert recusal_reason_for(own, "juz", "Jugendzentrum") == \
        "Befangen: die eigene Organisation „Jugendzentrum“ ist Antragstellerin."
    assert recusal_reason_for(own, "stadt", "Stadt") == \
        "Befangen: die vertretene Organisation „Stadt“ ist Antragstellerin."


def test_only_votes_of_present_entitled_and_not_recused_members_count():
    from participation.domain.governance import valid_votes

    members = [Member("m1", None, "chair", True), Member("m2", "juz", "member", True),
               Member("m3", None, "member", True, person_organisation_id="juz"), Member("m4", None, "member", True),
               Member("a1", None, "advisory", False)]
    votes = [("m1", "yes"), ("m2", "yes"), ("m3", "yes"), ("m4", "no"), ("a1", "yes"), ("gone", "no")]
    counted, ignored = valid_votes(votes, members, {"m1", "m2", "m3", "a1"}, "juz")
    assert counted == ["yes"]  # m2 and m3 recused, m4 left the meeting, a1 advisory, "gone" no longer a member
    assert ignored == ["a1", "gone", "m2", "m3", "m4"]
    assert valid_votes(votes, members, {"m1", "m4"}, None) == (["yes", "no"], ["a1", "gone", "m2", "m3"])
