"""The demo's file bus hands a consumer whole messages only. kombu's own filesystem transport creates a message file
under its final name and writes it afterwards; a consumer polling in between took the empty file, failed to decode
it and deleted it, so the event was lost (``test_bus_metrics_move_when_events_flow`` waited in vain, once in three
runs under load)."""

from __future__ import annotations

import threading

from kombu.transport.virtual import Empty

from servicekit.messaging.bus import connect

QUEUE = "probe.inbox"
MESSAGES = 3000


def test_a_consumer_polling_while_messages_are_written_gets_every_message_whole(tmp_path):
    writer_conn, reader_conn = connect("filesystem://", tmp_path), connect("filesystem://", tmp_path)
    writer, reader = writer_conn.channel(), reader_conn.channel()
    received, errors = [], []
    written = threading.Event()

    def read() -> None:
        while len(received) < MESSAGES and not errors:
            try:
                received.append(reader._get(QUEUE)["n"])
            except Empty:
                if written.is_set() and reader._size(QUEUE) == 0:
                    return
            except Exception as exc:  # noqa: BLE001 - a half-written message: what this test is about
                errors.append(repr(exc))

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    try:
        for n in range(MESSAGES):
            writer._put(QUEUE, {"n": n})
    finally:
        written.set()
        thread.join(60)
        writer_conn.release()
        reader_conn.release()
    assert not thread.is_alive(), "the reader did not finish within 60 s"
    assert errors == []
    assert sorted(received) == list(range(MESSAGES))
    assert sorted(p.name for p in (tmp_path / "queue").iterdir()) == []  # no part file left behind
