"""The chaos suite's producer service (outbox + relay only)."""
