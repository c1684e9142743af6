"""CloudEvents 1.0 envelope in JSON structured mode, with the ``correlationid`` and ``sequence`` extensions."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

CONTENT_TYPE = "application/cloudevents+json"


class MalformedEnvelope(ValueError):
    pass


@dataclass(frozen=True)
class Envelope:
    type: str
    source: str
    subject: str
    data: dict
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    correlationid: str = ""
    sequence: int = 0
    specversion: str = "1.0"
    datacontenttype: str = "application/json"

    def to_dict(self) -> dict[str, Any]:
        return {
            "specversion": self.specversion, "id": self.id, "source": self.source, "type": self.type,
            "subject": self.subject, "time": self.time, "datacontenttype": self.datacontenttype,
            "correlationid": self.correlationid, "sequence": self.sequence, "data": self.data,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_dict(cls, raw: Any) -> Envelope:
        if not isinstance(raw, dict):
            raise MalformedEnvelope("envelope is not a JSON object")
        missing = [k for k in ("specversion", "id", "source", "type", "data") if k not in raw]
        if missing:
            raise MalformedEnvelope(f"envelope lacks {', '.join(missing)}")
        if raw["specversion"] != "1.0":
            raise MalformedEnvelope(f"unsupported specversion {raw['specversion']!r}")
        if not isinstance(raw["data"], dict):
            raise MalformedEnvelope("data is not an object")
        try:
            sequence = int(raw.get("sequence") or 0)
        except (TypeError, ValueError) as exc:
            raise MalformedEnvelope("sequence is not an integer") from exc
        return cls(type=str(raw["type"]), source=str(raw["source"]), subject=str(raw.get("subject", "")),
                   data=raw["data"], id=str(raw["id"]), time=str(raw.get("time", "")),
                   correlationid=str(raw.get("correlationid", "")), sequence=sequence)

    @classmethod
    def from_json(cls, body: str | bytes) -> Envelope:
        try:
            raw = json.loads(body)
        except (ValueError, TypeError) as exc:
            raise MalformedEnvelope(f"not JSON: {exc}") from exc
        return cls.from_dict(raw)
