"""The local SMTP sink for ``make run``: aiosmtpd stores every mail under var/mail as an .eml file."""

from __future__ import annotations

import asyncio
import signal
import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller


class MaildirHandler:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        tmp = self.directory / (name + ".tmp")
        tmp.write_bytes(envelope.original_content or envelope.content)
        tmp.rename(self.directory / name)
        return "250 Message accepted for delivery"


def main() -> None:
    from servicekit.config import Settings

    settings = Settings.from_env("smtp")
    directory = settings.var_dir / "mail"
    controller = Controller(MaildirHandler(directory), hostname="127.0.0.1", port=settings.smtp_port)
    controller.start()
    print(f"SMTP-Sink auf 127.0.0.1:{settings.smtp_port}, Mails unter {directory}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == "__main__":
    main()
