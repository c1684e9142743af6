"""Publishing a batch of envelopes with broker confirms.

kombu's ``confirm_publish`` waits one round trip per message. Here the channel is put in confirm mode
(py-amqp, kombu's own AMQP client), the whole batch is published, and the acks are collected together:
one round trip per batch. On the file bus there is nothing to confirm.
"""

from __future__ import annotations

import contextlib
import time

from kombu import Producer

from servicekit.messaging.envelope import CONTENT_TYPE, Envelope
from servicekit.messaging.topology import EVENTS_EXCHANGE, is_amqp


class PublishError(RuntimeError):
    pass


class BatchPublisher:
    def __init__(self, connection, confirm_timeout: float = 10.0) -> None:
        self.connection = connection
        self.confirm_timeout = confirm_timeout
        self.amqp = is_amqp(connection)
        self.channel = connection.channel()
        self._acked_upto = 0
        self._nacked: set[int] = set()
        self._pending_single: set[int] = set()
        self._next_tag = 0
        if self.amqp:
            self.channel.confirm_select()
            self.channel.events["basic_ack"].add(self._on_ack)
            self.channel.events["basic_nack"].add(self._on_nack)
        from kombu import Exchange

        exchange = Exchange(EVENTS_EXCHANGE, type="topic", durable=True)
        exchange(self.channel).declare()
        self.producer = Producer(self.channel, exchange=exchange)

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        if multiple:
            self._acked_upto = max(self._acked_upto, delivery_tag)
        elif delivery_tag == self._acked_upto + 1:
            self._acked_upto = delivery_tag
        else:
            self._pending_single.add(delivery_tag)
            while self._acked_upto + 1 in self._pending_single:
                self._acked_upto += 1
                self._pending_single.discard(self._acked_upto)

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        self._nacked.add(delivery_tag)

    def publish_batch(self, envelopes: list[Envelope]) -> None:
        if not envelopes:
            return
        first = self._next_tag + 1
        for env in envelopes:
            self.producer.publish(
                env.to_json(), routing_key=env.type, content_type=CONTENT_TYPE, content_encoding="utf-8",
                delivery_mode=2, message_id=env.id, headers={"ce-source": env.source},
                retry=False,
            )
            self._next_tag += 1
        if not self.amqp:
            return
        last = self._next_tag
        deadline = time.monotonic() + self.confirm_timeout
        while self._acked_upto < last:
            if any(first <= tag <= last for tag in self._nacked):
                raise PublishError("broker nacked a message of the batch")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PublishError(f"no confirm within {self.confirm_timeout}s")
            try:
                self.connection.drain_events(timeout=min(remaining, 1.0))
            except TimeoutError:
                continue
        if any(first <= tag <= last for tag in self._nacked):
            raise PublishError("broker nacked a message of the batch")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.channel.close()
