"""Broker connections: RabbitMQ (amqp://) in production, kombu ``filesystem://`` under var/ for the demo."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from kombu import Connection
from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class _Channel(filesystem.Channel):
    """kombu's file channel creates a message under its final name and then writes it, so a consumer polling in
    between takes the still empty file, fails to decode it and deletes it: the event is lost (seen in the kit's
    integration tests under load). Here a message is written under a name no reader picks up (a leading dot) and
    renamed into place once complete; the rename is atomic, so a reader sees all of a message or none."""

    def _put(self, queue, payload, **kwargs):
        name = f"{int(round(time.monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        part = os.path.join(self.data_folder_out, f".{name}.part")
        try:
            with open(part, "wb") as fh:
                fh.write(str_to_bytes(dumps(payload)))
            os.replace(part, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class FileBusTransport(filesystem.Transport):
    """kombu's filesystem transport with whole-message writes (``_Channel``)."""

    Channel = _Channel


def connect(broker_url: str, bus_dir: Path, heartbeat: int = 30) -> Connection:
    if broker_url.startswith("filesystem"):
        data = bus_dir / "queue"
        control = bus_dir / "control"
        for folder in (data, control, bus_dir / "processed"):
            folder.mkdir(parents=True, exist_ok=True)
        return Connection(
            "filesystem://",
            transport=FileBusTransport,
            transport_options={
                "data_folder_in": str(data),
                "data_folder_out": str(data),
                "control_folder": str(control),
                "processed_folder": str(bus_dir / "processed"),
                "store_processed": False,
                "polling_interval": 0.1,
            },
        )
    return Connection(broker_url, heartbeat=heartbeat, connect_timeout=5,
                      transport_options={"confirm_publish": False})
