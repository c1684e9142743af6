"""Generate docs/asyncapi.yaml (AsyncAPI 3.0, AMQP bindings) from the registered contracts.

``python -m contracts.asyncapi > docs/asyncapi.yaml``; a test fails when the committed file is stale.
"""

from __future__ import annotations

import sys

import yaml
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.openapi import OpenAPIConverter

import contracts
from contracts.registry import Contract

CONSUMERS_NOTE = "Consumers bind their quorum queue <service>.inbox to this exact routing key."


def _json_schema(contract: Contract) -> dict:
    spec = APISpec("x", "1", "3.0.3", plugins=[MarshmallowPlugin()])
    converter = OpenAPIConverter("3.0.3", lambda s: None, spec)
    props = converter.schema2jsonschema(contract.schema)
    props["additionalProperties"] = False
    return props


def build() -> dict:
    channels, operations, messages = {}, {}, {}
    for c in contracts.REGISTRY.all():
        key = c.type.replace(".", "_")
        messages[key] = {
            "name": c.type, "title": c.type, "summary": c.description, "contentType": "application/cloudevents+json",
            "payload": {"allOf": [{"$ref": "#/components/schemas/CloudEventEnvelope"},
                                  {"type": "object", "properties": {"type": {"const": c.type},
                                                                    "data": _json_schema(c)}}]},
            "bindings": {"amqp": {"contentEncoding": "utf-8", "messageType": c.type, "bindingVersion": "0.3.0"}},
        }
        channels[key] = {
            "address": c.type,
            "description": f"Routing key {c.type} on exchange aktiv.events. {CONSUMERS_NOTE}",
            "messages": {key: {"$ref": f"#/components/messages/{key}"}},
            "bindings": {"amqp": {"is": "routingKey", "exchange": {
                "name": "aktiv.events", "type": "topic", "durable": True, "autoDelete": False, "vhost": "/"},
                "bindingVersion": "0.3.0"}},
        }
        operations[f"publish_{key}"] = {
            "action": "send", "channel": {"$ref": f"#/channels/{key}"},
            "summary": f"{c.producer} publishes {c.type} through its transactional outbox",
            "bindings": {"amqp": {"deliveryMode": 2, "mandatory": False, "bindingVersion": "0.3.0"}},
        }
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "Kaufbeuren aktiv – integration events", "version": "1.0.0",
                 "description": "Generated from lib/contracts by `make docs`. Do not edit by hand."},
        "defaultContentType": "application/cloudevents+json",
        "servers": {"rabbitmq": {"host": "rabbitmq:5672", "protocol": "amqp", "protocolVersion": "0.9.1"}},
        "channels": channels,
        "operations": operations,
        "components": {
            "messages": messages,
            "schemas": {"CloudEventEnvelope": {
                "type": "object",
                "required": ["specversion", "id", "source", "type", "data"],
                "properties": {
                    "specversion": {"type": "string", "const": "1.0"}, "id": {"type": "string", "format": "uuid"},
                    "source": {"type": "string", "example": "/services/participation"},
                    "type": {"type": "string"}, "subject": {"type": "string"},
                    "time": {"type": "string", "format": "date-time"},
                    "datacontenttype": {"type": "string", "const": "application/json"},
                    "correlationid": {"type": "string"},
                    "sequence": {"type": "integer", "description": "per-aggregate sequence number"},
                }}},
        },
    }


def render() -> str:
    return yaml.safe_dump(build(), sort_keys=True, allow_unicode=True, width=120)


if __name__ == "__main__":
    sys.stdout.write(render())
