"""The breaker's rules on a fake clock: one route counts once per streak at the upstream, a connection that
cannot be made counts every time, half-open has one probe (freed when it cannot report), route scopes."""

import pytest

from gateway.proxy.breaker import Breakers, CircuitBreaker, CircuitOpen
from gateway.proxy.client import route_of


def _clock():
    now = [0.0]
    return now, (lambda: now[0])


def test_one_route_failing_again_and_again_cannot_open_its_upstream():
    _, clock = _clock()
    upstream = CircuitBreaker("newsletter", threshold=3, cooldown=10, clock=clock, distinct=True)
    for _ in range(50):
        upstream.failure("api/public/feed.rss")
    assert upstream.state == "closed"
    upstream.failure("api/subscribers")
    upstream.failure("api/issues")
    assert upstream.state == "open"


def test_connection_failures_count_every_time_and_a_success_ends_the_streak():
    _, clock = _clock()
    upstream = CircuitBreaker("finance", threshold=3, cooldown=10, clock=clock, distinct=True)
    upstream.failure()
    upstream.failure("api/grants")
    upstream.success()
    upstream.failure()
    upstream.failure()
    assert upstream.state == "closed"
    upstream.failure()
    assert upstream.state == "open"
    with pytest.raises(CircuitOpen) as refused:
        upstream.before()
    assert refused.value.retry_after == 10


def test_half_open_has_one_probe_and_its_outcome_decides():
    now, clock = _clock()
    breaker = CircuitBreaker("x", threshold=2, cooldown=10, clock=clock)
    breaker.failure()
    breaker.failure()
    now[0] = 11
    assert breaker.before() is True  # the probe
    with pytest.raises(CircuitOpen):
        breaker.before()
    breaker.failure()  # the probe failed: open again for a full cool-down
    now[0] = 15
    with pytest.raises(CircuitOpen):
        breaker.before()
    now[0] = 22
    assert breaker.before() is True
    breaker.success()
    assert breaker.state == "closed" and breaker.before() is False


def test_a_probe_that_ends_without_an_outcome_frees_its_slot():
    now, clock = _clock()
    breaker = CircuitBreaker("x", threshold=1, cooldown=10, clock=clock, probe_lease=30)
    breaker.failure()
    now[0] = 10
    assert breaker.before() is True
    breaker.release()  # e.g. the route probe was refused by the open upstream breaker
    assert breaker.before() is True
    with pytest.raises(CircuitOpen):
        breaker.before()
    now[0] = 41  # the probe never came back (a crash): after its lease another may go
    assert breaker.before() is True


def test_routes_have_their_own_breakers_and_their_number_is_bounded():
    breakers = Breakers(["newsletter"], threshold=1, cooldown=10, max_routes=3)
    feed = breakers.route("newsletter", "api/public/feed.rss")
    feed.failure()
    assert feed.state == "open" and breakers.route("newsletter", "api/subscribers").state == "closed"
    assert breakers.route("newsletter", "api/public/feed.rss") is feed
    for n in range(10):
        breakers.route("newsletter", f"api/x{n}")
    assert len(breakers.routes["newsletter"]) == 3


@pytest.mark.parametrize("path,route", [
    ("/api/newsletter/public/feed.rss", "api/public/feed.rss"),
    ("/api/newsletter/public/feed%2Erss?x=1", "api/public/feed.rss"),
    ("/api/participation/public/events/7/registrations", "api/public/events"),
    ("/api/finance/grants/7/plan", "api/grants"),
    ("/api/finance/gr%61nts", "api/grants"),
    ("/intern/finance/antraege/7", "intern/antraege"),
    ("/intern/finance/", "intern"),
    ("/readyz", "readyz"),
    ("/openapi.json", "openapi.json"),
])
def test_the_route_of_a_path_ignores_ids_queries_and_escapes(path, route):
    assert route_of(path) == route
