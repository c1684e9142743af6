"""A refusal names the role that would allow the action, by its name in the reader's language, never by code."""

import pytest

from servicekit.auth.roles import ROLE_NAMES, ROLES, forbidden_detail, role_name

from ..web_spec import NOTES, SPEC


def test_every_role_has_a_german_and_an_english_name():
    assert set(ROLE_NAMES) == set(ROLES)
    for code, (german, english) in ROLE_NAMES.items():
        assert german and english and code not in german and code not in english


def test_forbidden_detail_names_roles_not_codes():
    assert forbidden_detail(["programmes.editor"]) == (
        "Ihre Rolle erlaubt diese Aktion nicht. Dafür ist die Rolle „Programme und Projekte bearbeiten“ nötig.")
    assert forbidden_detail(["programmes.editor"], english=True) == (
        "Your role does not allow this action. It needs the role “Edit programmes and projects”.")
    two = forbidden_detail(["finance.clerk", "finance.approver", "admin"])
    assert two == ("Ihre Rolle erlaubt diese Aktion nicht. Dafür ist eine der Rollen „Finanzen: Sachbearbeitung“ "
                   "oder „Finanzen: Freigabe (Vier-Augen-Prinzip)“ nötig.")
    assert "Administration" not in two  # admin may always; naming it would only confuse
    assert role_name("nonsense.code") == "unbekannte Rolle"


@pytest.fixture
def client(make_client):
    NOTES.clear()
    client, _ = make_client(SPEC)
    return client


def test_api_refusal_is_readable_and_keeps_the_codes_in_a_machine_field(client, auth_header):
    resp = client.post("/api/websvc/notes", json={"text": "x"}, headers=auth_header("viewer"))
    assert resp.status_code == 403
    assert resp.json["detail"] == ("Ihre Rolle erlaubt diese Aktion nicht. "
                                   "Dafür ist die Rolle „Programme und Projekte bearbeiten“ nötig.")
    assert "programmes.editor" not in resp.json["detail"]
    assert resp.json["required_roles"] == ["programmes.editor"]
    english = client.post("/api/websvc/notes", json={"text": "x"},
                          headers={**auth_header("viewer"), "Accept-Language": "en"})
    assert english.json["detail"] == ("Your role does not allow this action. "
                                      "It needs the role “Edit programmes and projects”.")
