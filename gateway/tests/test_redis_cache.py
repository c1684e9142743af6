"""With AKTIV_REDIS_URL the page cache and the rate-limit counters are shared by all gateway workers."""

import uuid

import pytest

from servicekit.testing.fixtures import require_server

from .support import csrf_of


@pytest.fixture
def redis_env():
    require_server("Redis", "127.0.0.1", 6379)
    prefix = f"aktiv-test-{uuid.uuid4().hex[:8]}:"
    yield {"AKTIV_REDIS_URL": "redis://127.0.0.1:6379/0", "AKTIV_GATEWAY_CACHE_PREFIX": prefix}
    import redis

    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    for key in client.scan_iter("*" + prefix + "*"):
        client.delete(key)


def test_two_workers_share_the_rendered_page(fake, make_gateway, redis_env):
    first = make_gateway(fake.url, env=redis_env).test_client()
    second = make_gateway(fake.url, env=redis_env).test_client()
    page = first.get("/projekte")
    again = second.get("/projekte")
    assert again.data == page.data and again.headers["ETag"] == page.headers["ETag"]
    assert len([r for r in fake.requests if r["path"].startswith("/api/programmes/public/projects")]) == 1


def test_two_workers_share_the_form_rate_limit(fake, make_gateway, redis_env):
    apps = [make_gateway(fake.url, env=redis_env).test_client() for _ in range(2)]
    statuses = []
    for i in range(6):
        client = apps[i % 2]
        page = client.get("/newsletter")
        statuses.append(client.post("/newsletter", data={"csrf_token": csrf_of(page.get_data(as_text=True)),
                                                          "email": "eva@example.org", "consent": "y"}).status_code)
    assert statuses[-1] == 429 and statuses[:5] == [200] * 5
    import redis

    counters = list(redis.Redis.from_url("redis://127.0.0.1:6379/0").scan_iter(
        "*" + redis_env["AKTIV_GATEWAY_CACHE_PREFIX"] + "limits*"))
    assert counters, "the counters live in Redis, not in one worker's memory"
