"""Broker connections: RabbitMQ (amqp://) in production, kombu ``filesystem://`` under var/ for the demo."""

from __future__ import annotations

from pathlib import Path

from kombu import Connection


def connect(broker_url: str, bus_dir: Path, heartbeat: int = 30) -> Connection:
    if broker_url.startswith("filesystem"):
        data = bus_dir / "queue"
        control = bus_dir / "control"
        for folder in (data, control, bus_dir / "processed"):
            folder.mkdir(parents=True, exist_ok=True)
        return Connection(
            "filesystem://",
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
