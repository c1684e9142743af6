"""Integration-event contracts, one module per producing service."""

from contracts.registry import REGISTRY, Contract, ContractViolation, UnknownEventType, contract, parse_type

# Importing the producer modules registers their contracts.
from contracts import finance, newsletter, participation, programmes, system  # noqa: E402,F401  isort: skip

__all__ = ["REGISTRY", "Contract", "ContractViolation", "UnknownEventType", "contract", "parse_type"]
