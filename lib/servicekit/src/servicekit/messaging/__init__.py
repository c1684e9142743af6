"""Events: CloudEvents envelope, topology, transactional outbox + relay, idempotent inbox consumer."""

from servicekit.messaging.envelope import Envelope
from servicekit.messaging.outbox import Outbox
from servicekit.messaging.topology import Topology

__all__ = ["Envelope", "Outbox", "Topology"]
