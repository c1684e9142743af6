"""Domain exceptions; bootstrap maps them to HTTP statuses (German messages)."""


class _Message:
    """``str(exc)`` is the message object itself, so a translatable message (servicekit's ``Msg``, a German
    ``str`` that remembers its template) survives the error handlers and a screen can still translate it."""

    def __str__(self) -> str:
        if len(self.args) == 1 and isinstance(self.args[0], str):
            return self.args[0]
        return super().__str__()


class NotFound(_Message, LookupError):
    """The record does not exist (404)."""


class Conflict(_Message, RuntimeError):
    """The request contradicts the current state (409)."""


class RuleViolation(_Message, ValueError):
    """A business rule forbids this (422)."""


class FieldError(RuleViolation):
    """A business rule refuses the value of one input field (422 with ``errors: {field: [message]}``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Recused(Conflict):
    """A member with a conflict of interest (Befangenheit) tried to vote (409)."""


class NoQuorum(Conflict):
    """The meeting is not quorate (nicht beschlussfähig) (409)."""
