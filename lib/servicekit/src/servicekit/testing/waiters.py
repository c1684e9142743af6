"""Waiting for asynchronous effects, in the spirit of nameko's ``entrypoint_waiter``."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable


class WaitTimeout(AssertionError):
    pass


def wait_until(predicate: Callable[[], object], timeout: float = 15.0, interval: float = 0.05,
               message: str = "condition") -> object:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise WaitTimeout(f"{message} not met within {timeout}s (last value {last!r})")


@contextlib.contextmanager
def consumed(consumer, type_: str | None = None, *, count: int = 1, outcomes=("applied", "duplicate"),
             timeout: float = 15.0):
    """Block at the end of the ``with`` until ``consumer`` has handled ``count`` events of ``type_``."""
    seen: list = []
    done = threading.Event()

    def listener(env, outcome):
        if outcome in outcomes and (type_ is None or (env is not None and env.type == type_)):
            seen.append((env, outcome))
            if len(seen) >= count:
                done.set()

    consumer.listeners.append(listener)
    try:
        yield seen
        if not done.wait(timeout):
            raise WaitTimeout(f"{consumer.service} handled {len(seen)}/{count} {type_ or 'events'} in {timeout}s")
    finally:
        consumer.listeners.remove(listener)
