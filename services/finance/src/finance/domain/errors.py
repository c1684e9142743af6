"""Exceptions shared by the finance domain; bootstrap maps them to HTTP statuses."""


class NotFound(LookupError):
    """The record does not exist (404)."""


class Conflict(ValueError):
    """The request contradicts the current state (409)."""
