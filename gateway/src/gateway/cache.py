"""A short shared cache: in-process (per worker) by default, Redis when AKTIV_REDIS_URL is set."""

from __future__ import annotations

import json
import logging
import threading
import time

log = logging.getLogger(__name__)


class MemoryCache:
    def __init__(self, max_items: int = 2000) -> None:
        self._data: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()
        self.max_items = max_items

    def get(self, key: str):
        hit = self._data.get(key)
        if hit is None or hit[0] < time.monotonic():
            return None
        return json.loads(hit[1])

    def set(self, key: str, value, ttl: float) -> None:
        with self._lock:
            if len(self._data) >= self.max_items:
                now = time.monotonic()
                self._data = {k: v for k, v in self._data.items() if v[0] > now}
                if len(self._data) >= self.max_items:
                    self._data.clear()
            self._data[key] = (time.monotonic() + ttl, json.dumps(value))

    def clear(self) -> None:
        self._data.clear()


class RedisCache:
    def __init__(self, url: str, prefix: str = "aktiv:gw:") -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.2, socket_connect_timeout=0.2)
        self.prefix = prefix
        self.fallback = MemoryCache()

    def get(self, key: str):
        try:
            raw = self.client.get(self.prefix + key)
        except Exception:  # noqa: BLE001 - a cache outage must not break pages
            return self.fallback.get(key)
        return json.loads(raw) if raw else None

    def set(self, key: str, value, ttl: float) -> None:
        try:
            self.client.set(self.prefix + key, json.dumps(value), px=max(int(ttl * 1000), 1))
        except Exception:  # noqa: BLE001
            self.fallback.set(key, value, ttl)

    def clear(self) -> None:
        self.fallback.clear()


def make_cache(redis_url: str, prefix: str = "aktiv:gw:"):
    return RedisCache(redis_url, prefix) if redis_url else MemoryCache()
