"""DSGVO erasure of copies of a person's name and contact data in free texts and audit entries."""

from participation.domain.actors import redact_json, redact_text, search_terms

EMRE = {"name": "Emre Yılmaz", "email": "yilmaz@example.org", "phone": "08341 1234", "address": None}


def test_full_name_salutation_with_surname_and_contact_data_become_anonymisiert():
    text = ("TOP 2: Herr Yılmaz war befangen. Emre Yılmaz (yilmaz@example.org, 08341 1234) berichtete; "
            "Dank an Herrn Dr. Yılmaz und Frau Yılmaz.")
    assert redact_text(text, EMRE) == ("TOP 2: anonymisiert war befangen. anonymisiert (anonymisiert, anonymisiert) "
                                       "berichtete; Dank an anonymisiert und anonymisiert.")


def test_other_words_and_other_people_stay():
    text = "Yılmazer Straße; Frau Huber; der Antrag von Emre; Herr Yılmaz-Schmidt"
    assert redact_text(text, EMRE) == "Yılmazer Straße; Frau Huber; der Antrag von Emre; anonymisiert-Schmidt"
    assert redact_text("", EMRE) == "" and redact_text(None, EMRE) is None


def test_a_surname_with_particles():
    ursula = {"name": "Ursula von der Leyen"}
    assert redact_text("Frau von der Leyen dankte Ursula von der Leyen.", ursula) == \
        "anonymisiert dankte anonymisiert."


def test_audit_changes_keep_their_keys_and_other_values():
    changes = {"name": "Emre Yılmaz", "language": "de", "notes": ["Herr Yılmaz", 3], "email": "yilmaz@example.org"}
    assert redact_json(changes, EMRE) == {"name": "anonymisiert", "language": "de", "notes": ["anonymisiert", 3],
                                          "email": "anonymisiert"}


def test_search_terms_find_the_surname_alone_too():
    assert search_terms(EMRE) == ["08341 1234", "Emre Yılmaz", "Yılmaz", "yilmaz@example.org"]
    assert search_terms({"name": "anonymisiert"}) == []
