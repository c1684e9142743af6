"""Platform-level contracts (no single owning service)."""

from marshmallow import Schema, fields

from contracts.registry import contract


@contract("system.probe.sent", 1, "A probe event used by health checks and the plumbing tests.")
class ProbeSent(Schema):
    probe_id = fields.String(required=True)
    n = fields.Integer(required=True)
    note = fields.String(load_default="")
