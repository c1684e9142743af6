"""``chaosfeed``: a producer with the real outbox and relay and no handlers. The chaos test writes events into
its outbox; its worker process (``python -m servicekit.cli chaosfeed worker``) relays them to RabbitMQ."""

from pathlib import Path

from servicekit.db import naming_metadata
from servicekit.runtime import ServiceSpec

SPEC = ServiceSpec(name="chaosfeed", title="Chaos-Quelle", root=Path(__file__).resolve().parent,
                   metadata=naming_metadata())
