"""marshmallow fields every API shares: instants always carry their UTC offset (RFC 3339)."""

from __future__ import annotations

from datetime import UTC, datetime

from marshmallow import fields


class UtcDateTime(fields.DateTime):
    """Output with offset. SQLite hands back naive datetimes; every service stores UTC, so naive means UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class Instant(fields.AwareDateTime):
    """Input: an ISO 8601 time with offset (a naive one is refused), converted to UTC."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).astimezone(UTC)
