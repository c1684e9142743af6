"""Test helpers: real PostgreSQL/RabbitMQ resources, tokens, service apps, and event waiters."""

from servicekit.testing.waiters import consumed, wait_until

__all__ = ["consumed", "wait_until"]
