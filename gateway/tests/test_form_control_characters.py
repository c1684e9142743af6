"""#19 input rule on the public site's forms (the gateway's forms derive from the kit's BaseForm): an escape
character in a citizen's message is a field error in the page's language and nothing is sent on; Word's soft line
break in the message arrives as a newline."""

import re

from .support import csrf_of

PAGE = "/engagement/demo-opp-1/mitmachen"
SIGNUP = "/api/participation/public/opportunities/demo-opp-1/signups"


def _errors(html: str) -> list[str]:
    return re.findall(r'<p class="error" id="[^"]+-err">([^<]+)</p>', html)


def _post(client, message: str):
    page = client.get(PAGE).get_data(as_text=True)
    return client.post(PAGE, data={"csrf_token": csrf_of(page), "name": "Eva", "email": "eva@example.org",
                                   "message": message, "consent": "y"}).get_data(as_text=True)


def test_an_escape_character_is_a_german_field_error_and_nothing_is_sent(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    html = _post(client, "Hallo\x1b[2J Welt")
    assert "Enthält ein unsichtbares Steuerzeichen, das nicht gespeichert werden kann (Zeichen 6). " \
           "Bitte entfernen Sie es." in _errors(html)
    assert not [r for r in fake.requests if r["path"] == SIGNUP]
    client.set_cookie("aktiv_lang", "en")
    html = _post(client, "Hallo\x00")
    assert "Contains an invisible control character that cannot be stored (character 6). Please remove it." \
        in _errors(html)


def test_a_soft_line_break_arrives_as_a_newline(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    _post(client, "Ich helfe gern\x0bam Samstag.")
    assert fake.last(SIGNUP)["json"]["message"] == "Ich helfe gern\nam Samstag."
