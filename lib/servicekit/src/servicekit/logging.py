"""JSON logs with request id and correlation id in every record."""

from __future__ import annotations

import contextvars
import logging
import sys

from pythonjsonlogger import jsonlogger

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
correlation_id: contextvars.ContextVar[str] = contextvars.ContextVar("correlation_id", default="")


class ContextFilter(logging.Filter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self.service
        record.request_id = request_id.get()
        record.correlation_id = correlation_id.get()
        return True


def configure_logging(service: str, level: str = "INFO", json_output: bool = True) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if json_output:
        fmt = jsonlogger.JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(service)s %(request_id)s %(correlation_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    else:
        fmt = logging.Formatter("%(asctime)s %(levelname)s [%(service)s %(request_id)s] %(name)s: %(message)s")
    handler.setFormatter(fmt)
    handler.addFilter(ContextFilter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("amqp", "kombu", "pika", "urllib3", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
