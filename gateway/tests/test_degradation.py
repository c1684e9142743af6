"""Issue #6: when one service is down, the public site still renders every page that doesn't need it, and
shows a German notice (English after the switch) in place of the missing part. The stopped service is a free
localhost port nobody listens on (connection refused), the others are the fake upstream."""

import pytest

from servicekit.config import SERVICES

from .support import free_port

PARTICIPATION_DOWN = "Veranstaltungen können gerade nicht angezeigt werden."
OPPORTUNITIES_DOWN = "Engagement-Angebote können gerade nicht angezeigt werden."
NEWS_DOWN = "Neuigkeiten können gerade nicht angezeigt werden."


def _client(make_gateway, fake, *down: str):
    dead = f"http://127.0.0.1:{free_port()}"
    return make_gateway({s: (dead if s in down else fake.url) for s in SERVICES}).test_client()


def _page(client, path: str) -> str:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


# (page, text from the services that are still up, participation notices expected where its content would be)
WITHOUT_PARTICIPATION = [
    ("/", "JUZE-Truck", [PARTICIPATION_DOWN, OPPORTUNITIES_DOWN]),
    ("/programme", "BIWAQ", []),
    ("/programme/demo-biwaq", "Gefördert vom Europäischen Sozialfonds Plus", []),
    ("/projekte", "JUZE-Truck", []),
    ("/projekte/demo-juze-truck", "Der Truck fährt jede Woche", []),
    ("/handlungsfelder/jugend", "JUZE-Truck", [PARTICIPATION_DOWN, OPPORTUNITIES_DOWN]),
    ("/stadtteile/neugablonz", "JUZE-Truck", [PARTICIPATION_DOWN, OPPORTUNITIES_DOWN]),
    ("/suche?q=truck", "JUZE-Truck", [PARTICIPATION_DOWN]),
]


@pytest.mark.parametrize("path,still_there,notices", WITHOUT_PARTICIPATION)
def test_without_participation_every_other_page_renders_with_a_german_notice(fake, make_gateway, path,
                                                                             still_there, notices):
    client = _client(make_gateway, fake, "participation")
    html = _page(client, path)
    assert still_there in html
    for notice in notices:
        assert notice in html, (path, notice)
    assert "Repair-Café" not in html and "Lesepatin" not in html


def test_a_degraded_page_is_not_cached_so_the_notice_goes_away(fake, make_gateway):
    client = _client(make_gateway, fake, "participation")
    response = client.get("/stadtteile/neugablonz")
    assert response.status_code == 200 and "no-cache" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers


@pytest.mark.parametrize("path,still_there", [("/", "Repair-Café"), ("/suche?q=e", "Repair-Café")])
def test_without_newsletter_home_and_search_render_with_a_german_notice(fake, make_gateway, path, still_there):
    html = _page(_client(make_gateway, fake, "newsletter"), path)
    assert still_there in html and "JUZE-Truck" in html
    assert NEWS_DOWN in html and "Neuer Jugendtreff" not in html


def test_without_newsletter_the_home_page_keeps_the_subscription_box(fake, make_gateway):
    html = _page(_client(make_gateway, fake, "newsletter"), "/")
    assert "Newsletter abonnieren" in html and 'action="/newsletter"' in html


@pytest.mark.parametrize("path,still_there", [("/veranstaltungen", "Repair-Café"),
                                              ("/veranstaltungen/demo-event-1", "Bringen Sie kaputte Dinge mit."),
                                              ("/engagement", "Lesepatin"),
                                              ("/engagement/demo-opp-1/mitmachen", "Lesepatin")])
def test_without_programmes_events_and_volunteering_still_render(fake, make_gateway, path, still_there):
    html = _page(_client(make_gateway, fake, "programmes"), path)
    assert still_there in html
    assert "Internal" not in html and "Interner Fehler" not in html


def test_without_programmes_the_event_filter_still_searches(fake, make_gateway):
    html = _page(_client(make_gateway, fake, "programmes"), "/veranstaltungen?q=repair")
    assert "Repair-Café" in html and 'name="q"' in html


@pytest.mark.parametrize("path,notice", [
    ("/", "Events cannot be shown right now."),
    ("/stadtteile/neugablonz", "Volunteering opportunities cannot be shown right now."),
    ("/suche?q=truck", "Events cannot be shown right now."),
])
def test_the_notice_is_english_after_the_switch(fake, make_gateway, path, notice):
    client = _client(make_gateway, fake, "participation")
    client.get("/sprache/en")
    html = _page(client, path)
    assert '<html lang="en">' in html and notice in html and "können gerade nicht" not in html


def test_without_newsletter_the_search_notice_is_english_after_the_switch(fake, make_gateway):
    client = _client(make_gateway, fake, "newsletter")
    client.get("/sprache/en")
    assert "News cannot be shown right now." in _page(client, "/suche?q=e")


def test_the_last_known_state_notice_is_english_after_the_switch(fake, make_gateway):
    client = make_gateway(fake.url, env={"AKTIV_GATEWAY_PAGE_TTL": "0", "AKTIV_GATEWAY_DATA_TTL": "0"}).test_client()
    client.get("/sprache/en")
    assert "JUZE-Truck" in _page(client, "/projekte")
    fake.server.shutdown()  # the service goes away
    fake.server.server_close()
    html = _page(client, "/projekte")
    assert "JUZE-Truck" in html
    assert "Projects: the service is currently unavailable – you see the last known state." in html
