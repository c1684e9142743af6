"""#19: the public site builds the services' URLs from ids it takes out of its own URLs; each id is one
percent-encoded path segment, so an id cannot add a query, a segment or a step up at the service."""

import pytest

from .support import csrf_of

HOSTILE = ["demo-x?preview=1&status=draft", "demo-x#frag", "..", "demo-x%2F..%2Fmetrics", "a;b", "Ä ö"]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(("page", "upstream"), [
    ("/projekte/{}", "/api/programmes/public/projects/"),
    ("/programme/{}", "/api/programmes/public/programmes/"),
    ("/veranstaltungen/{}", "/api/participation/public/events/"),
    ("/veranstaltungen/{}.ics", "/api/participation/public/events/"),
    ("/newsletter/archiv/{}", "/api/newsletter/public/issues/"),
])
def test_an_id_from_the_url_is_one_segment_at_the_service(fake, make_gateway, page, upstream, value):
    from urllib.parse import quote

    client = make_gateway(fake.url).test_client()
    before = len(fake.requests)
    answer = client.get(page.format(quote(value, safe="")))
    sent = [r for r in fake.requests[before:] if r["path"].startswith(upstream)]
    if not sent:  # the gateway's path guard refused the page itself: nothing reached a service
        assert answer.status_code in (400, 404) and len(fake.requests) == before, (page, value)
        return
    for request in sent:
        assert request["args"] == {}  # no query smuggled in
        assert request["path"] in (upstream + value, upstream + value + ".ics")  # one segment, as it was


def test_dot_segments_are_encoded():
    from gateway.public_site.data import segments

    assert segments("events", "..", "registrations") == "events/%2E%2E/registrations"
    assert segments("issues", "a/b?c#d") == "issues/a%2Fb%3Fc%23d"

def test_a_registration_posts_to_the_event_it_names(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    page = client.get("/veranstaltungen/demo-x%3Fa=1")
    client.post("/veranstaltungen/demo-x%3Fa=1", data={"csrf_token": csrf_of(page.get_data(as_text=True)),
                                                       "name": "Eva", "email": "eva@example.org", "consent": "y"})
    posted = [r for r in fake.requests if r["method"] == "POST" and "/registrations" in r["path"]]
    assert posted and all(r["path"] == "/api/participation/public/events/demo-x?a=1/registrations" and
                          r["args"] == {} for r in posted)
