"""Finance hears of participation's bodies (participation.body.created/updated) and offers each by its name in the
action fund's form, so a body's first fund is set up in the UI with no identifier typed."""

import re

import pytest

from finance.bootstrap import SPEC
from finance.subscribers import event_handlers
from servicekit.messaging.envelope import Envelope
from servicekit.messaging.inbox import apply_one

URL = "/intern/finance/aktionsfonds"


def _body_event(verb, sequence, name, body_id="b7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5", **kwargs):
    return Envelope(type=f"participation.body.{verb}.v1", source="/services/participation", subject=body_id,
                    data={"body_id": body_id, "name": name, "body_type": "steuerungsgruppe", "programme_id": None},
                    sequence=sequence, **kwargs)


@pytest.fixture
def finance(make_client, auth_header):
    client, runtime = make_client(SPEC)
    SPEC.seed(runtime)
    handlers = event_handlers()

    def deliver(env):
        return apply_one(runtime.uow, env, handlers[env.type])

    def page(*roles):
        return client.get(URL, headers={**auth_header(*roles or ("finance.clerk",), user="anna"),
                                        "Accept": "text/html"}).text

    return client, deliver, page, {**auth_header("finance.clerk", user="anna"), "Accept": "text/html"}


def _visible(html):
    return re.sub(r"<[^>]+>", " ", html)


def _options(html):
    select = re.search(r'<select[^>]*name="body_id"[^>]*>(.*?)</select>', html, re.S).group(1)
    return dict(re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select))


def test_a_body_appears_by_name_and_a_rename_follows_while_stale_and_repeated_events_change_nothing(finance):
    _client, deliver, page, _ = finance
    body_id = "b7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5"
    assert body_id not in _options(page())
    created = _body_event("created", 1, "Steuerungsgruppe Soziale Stadt")
    assert deliver(created) == "applied"
    assert _options(page())[body_id] == "Steuerungsgruppe Soziale Stadt"
    assert deliver(_body_event("updated", 3, "Steuerungsgruppe Soziale Stadt Neugablonz")) == "applied"
    assert _options(page())[body_id] == "Steuerungsgruppe Soziale Stadt Neugablonz"
    # an older state that arrives late, and the first event once more (redelivered): the name stays
    assert deliver(_body_event("updated", 2, "Steuergruppe (alt)")) == "applied"
    assert deliver(created) == "duplicate"
    options = _options(page())
    assert options[body_id] == "Steuerungsgruppe Soziale Stadt Neugablonz"
    assert list(options.values()).count("Steuerungsgruppe Soziale Stadt Neugablonz") == 1
    assert body_id not in _visible(page())  # the id is only an option's value, never shown


def test_the_first_fund_of_a_body_is_set_up_by_choosing_the_body_by_name(finance):
    client, deliver, page, headers = finance
    body_id = "b7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5"
    deliver(_body_event("created", 1, "Jugendbeirat Kaufbeuren"))
    html = page()
    [(value, _name)] = [(v, n) for v, n in _options(html).items() if n == "Jugendbeirat Kaufbeuren"]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    made = client.post(URL, headers=headers, follow_redirects=True,
                       data={"csrf_token": token, "body_id": value, "year": "2027", "budget": "5.000,00"})
    assert "Aktionsfonds angelegt." in made.text
    assert "Gremium: Jugendbeirat Kaufbeuren" in made.text and "5.000,00 €" in made.text
    assert body_id not in _visible(made.text)  # the new fund reads by its body's name
    found = client.get(f"{URL}?q=jugendbeirat", headers=headers).text  # the list is searched by the body's name
    assert "Gremium: Jugendbeirat Kaufbeuren" in found and "Aktionsfonds 2027" in found


def test_a_body_that_holds_a_fund_but_was_never_announced_is_offered_by_its_fund(finance):
    _client, _deliver, page, _ = finance
    # the demo's finance data alone: the Begleitausschuss holds its 2026 fund (no participation event yet)
    assert _options(page())["demo-begleitausschuss"] == "Gremium des „Aktionsfonds Demokratie leben! 2026“"
