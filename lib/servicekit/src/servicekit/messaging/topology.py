"""The broker topology servicekit declares: one topic exchange, a quorum inbox per consuming service bound
to exact types, and a dead-letter exchange feeding ``<service>.dead`` (at-least-once dead-lettering)."""

from __future__ import annotations

from dataclasses import dataclass

from kombu import Exchange, Queue

EVENTS_EXCHANGE = "aktiv.events"
DEAD_EXCHANGE = "aktiv.dead"
# A dead letter must stay until a person has looked at it, however often it is listed (each listing is a delivery
# attempt). RabbitMQ >= 4.0 gives every quorum queue a default delivery limit of 20, and its "unlimited" (-1)
# makes RabbitMQ 3.x drop a message at its first return (tried on 3.10). A limit no listing reaches works on both.
DEAD_DELIVERY_LIMIT = 1_000_000


@dataclass(frozen=True)
class Topology:
    service: str
    bindings: tuple[str, ...]
    delivery_limit: int = 5

    @property
    def inbox_name(self) -> str:
        return f"{self.service}.inbox"

    @property
    def dead_name(self) -> str:
        return f"{self.service}.dead"

    def queue_arguments(self) -> dict:
        return {
            "x-queue-type": "quorum",
            "x-delivery-limit": self.delivery_limit,
            "x-dead-letter-exchange": DEAD_EXCHANGE,
            "x-dead-letter-routing-key": self.service,
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
        }

    def exchange(self) -> Exchange:
        return Exchange(EVENTS_EXCHANGE, type="topic", durable=True)

    def dead_exchange(self) -> Exchange:
        return Exchange(DEAD_EXCHANGE, type="direct", durable=True)

    def inbox(self, amqp: bool = True) -> Queue:
        exchange = self.exchange()
        from kombu import binding

        return Queue(
            self.inbox_name,
            bindings=[binding(exchange, routing_key=t) for t in self.bindings],
            durable=True,
            queue_arguments=self.queue_arguments() if amqp else None,
        )

    def dead_arguments(self) -> dict:
        return {"x-queue-type": "quorum", "x-delivery-limit": DEAD_DELIVERY_LIMIT}

    def dead(self) -> Queue:
        return Queue(self.dead_name, exchange=self.dead_exchange(), routing_key=self.service, durable=True,
                     queue_arguments=self.dead_arguments())

    def declare(self, connection) -> None:
        """Declare exchange, inbox (with bindings) and dead-letter queue on a kombu connection."""
        amqp = is_amqp(connection)
        channel = connection.default_channel
        self.exchange()(channel).declare()
        if amqp:
            self.dead_exchange()(channel).declare()
            self.dead()(channel).declare()
        if self.bindings:
            self.inbox(amqp)(channel).declare()


def is_amqp(connection) -> bool:
    return connection.transport.driver_type == "amqp"
