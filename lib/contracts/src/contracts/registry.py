"""Contract registry: (event name, version) → marshmallow schema.

An event type on the wire is ``<service>.<entity>.<past_verb>.v<N>``; it is also the routing key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError

TYPE_RE = re.compile(r"^(?P<name>[a-z_]+\.[a-z_]+\.[a-z_]+)\.v(?P<version>[1-9][0-9]*)$")


class UnknownEventType(LookupError):
    """No contract is registered for this type and version."""


class ContractViolation(ValueError):
    """The event data does not match its contract."""

    def __init__(self, type_: str, messages: dict) -> None:
        super().__init__(f"{type_}: {messages}")
        self.type = type_
        self.messages = messages


@dataclass(frozen=True)
class Contract:
    name: str
    version: int
    schema: type[Schema]
    producer: str
    description: str
    # The data names or addresses a person: the producer's outbox keeps it only until it is published.
    personal: bool = False

    @property
    def type(self) -> str:
        return f"{self.name}.v{self.version}"


def parse_type(type_: str) -> tuple[str, int]:
    match = TYPE_RE.match(type_ or "")
    if not match:
        raise UnknownEventType(f"malformed event type {type_!r}")
    return match["name"], int(match["version"])


class Registry:
    def __init__(self) -> None:
        self._contracts: dict[tuple[str, int], Contract] = {}
        # Schema instances are stateless for load/dump: build each once, not once per event.
        self._schemas: dict[tuple[str, bool], Schema] = {}

    def register(self, name: str, version: int, description: str = "", *, personal: bool = False):
        if not TYPE_RE.match(f"{name}.v{version}"):
            raise ValueError(f"contract name {name!r} must be <service>.<entity>.<past_verb> (version apart)")

        def decorator(schema: type[Schema]) -> type[Schema]:
            key = (name, version)
            if key in self._contracts:
                raise ValueError(f"contract {name}.v{version} registered twice")
            self._contracts[key] = Contract(name, version, schema, name.split(".")[0],
                                            description or (schema.__doc__ or "").strip(), personal)
            return schema

        return decorator

    def get(self, type_: str) -> Contract:
        key = parse_type(type_)
        try:
            return self._contracts[key]
        except KeyError:
            raise UnknownEventType(f"no contract for {type_}") from None

    def __contains__(self, type_: str) -> bool:
        try:
            self.get(type_)
        except UnknownEventType:
            return False
        return True

    def validate(self, type_: str, data: dict, *, strict: bool = True) -> dict:
        """Validate and return the serialisable data. Strict (unknown fields refused) on publish;
        tolerant of additional fields on consume so producers can add optional fields."""
        schema = self._schemas.get((type_, strict))
        if schema is None:
            contract = self.get(type_)
            schema = self._schemas[(type_, strict)] = contract.schema(unknown=RAISE if strict else EXCLUDE)
        try:
            loaded = schema.load(data)
        except ValidationError as exc:
            raise ContractViolation(type_, exc.messages) from exc
        return schema.dump(loaded)

    def all(self) -> list[Contract]:
        return sorted(self._contracts.values(), key=lambda c: (c.name, c.version))

    def personal(self, type_: str) -> bool:
        """Whether events of ``type_`` carry personal data (an unknown type counts as personal)."""
        try:
            return self.get(type_).personal
        except UnknownEventType:
            return True

    def types(self) -> list[str]:
        return [c.type for c in self.all()]


REGISTRY = Registry()
contract = REGISTRY.register
