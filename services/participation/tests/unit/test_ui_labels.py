"""The screens' translated labels say the same in German as the domain, and stored German system texts are
recognised for translation."""

import pytest

from participation.bootstrap import SPEC
from participation.domain import actors, governance
from participation.ui import labels


@pytest.mark.parametrize(("ui", "domain"), [
    (labels.BODY_TYPES, {k: v[0] for k, v in governance.BODY_TYPES.items()}),
    (labels.ROLES, governance.ROLES), (labels.CHOICES, governance.CHOICES), (labels.OUTCOMES, governance.OUTCOMES),
    (labels.ORGANISATION_KINDS, actors.ORGANISATION_KINDS), (labels.CONSENT_METHODS, actors.CONSENT_METHODS),
    (labels.OPPORTUNITY_KINDS, actors.OPPORTUNITY_KINDS), (labels.LANGUAGES, actors.LANGUAGES)])
def test_german_labels_match_the_domain(ui, domain):
    assert {k: str(v) for k, v in ui.items()} == domain


def test_stored_german_texts_are_shown_in_english(make_client):
    from participation.domain.governance import recusal_reason

    client, _ = make_client(SPEC)
    refusal = ("Vom Aktionsfonds abgelehnt: Der beschlossene Betrag muss größer als 0 € sein. "
               "(verbleibend 12.00 €)")
    with client.application.test_request_context("/intern/participation/?lang=en"):
        assert labels.recusal_reason(recusal_reason("TSV 1861")) == \
            "the organisation they represent, “TSV 1861”, is the applicant."
        assert labels.stored_text(refusal) == \
            "Refused by the action fund: The amount decided must be greater than 0 €. (remaining 12.00 €)"
        assert labels.stored_text("Ein Text von Hand") == "Ein Text von Hand"
        assert str(labels.label(labels.CHOICES, "abstain")) == "Abstention" and labels.label({}, "x") == "x"
    with client.application.test_request_context("/intern/participation/"):
        assert labels.stored_text(refusal) == refusal.replace("12.00 €", "12,00 €")  # the German number format
        assert labels.recusal_reason(recusal_reason("TSV 1861")) == \
            "die vertretene Organisation „TSV 1861“ ist Antragstellerin."


def test_a_recusal_for_the_own_organisation_is_shown_in_english(make_client):
    from participation.domain.governance import recusal_reason

    client, _ = make_client(SPEC)
    own = recusal_reason("Jugendclub Haken", represented=False)
    with client.application.test_request_context("/intern/participation/?lang=en"):
        assert labels.recusal_reason(own) == "their own organisation, “Jugendclub Haken”, is the applicant."
    with client.application.test_request_context("/intern/participation/"):
        assert labels.recusal_reason(own) == "die eigene Organisation „Jugendclub Haken“ ist Antragstellerin."
