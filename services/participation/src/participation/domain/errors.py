"""Domain exceptions; bootstrap maps them to HTTP statuses (German messages)."""


class NotFound(LookupError):
    """The record does not exist (404)."""


class Conflict(RuntimeError):
    """The request contradicts the current state (409)."""


class RuleViolation(ValueError):
    """A business rule forbids this (422)."""


class Recused(Conflict):
    """A member with a conflict of interest (Befangenheit) tried to vote (409)."""


class NoQuorum(Conflict):
    """The meeting is not quorate (nicht beschlussfähig) (409)."""
