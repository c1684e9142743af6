"""Contracts between the services: the AsyncAPI document is current, and every consumed type is contracted."""

from pathlib import Path

import pytest

import contracts
from contracts.asyncapi import render
from servicekit.cli import load_spec

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["programmes", "finance", "participation", "newsletter"]


def test_asyncapi_document_is_not_stale():
    committed = (ROOT / "docs" / "asyncapi.yaml").read_text()
    assert committed == render(), "docs/asyncapi.yaml is stale: run `make docs`"


def test_every_contract_type_is_named_service_entity_verb_version():
    for c in contracts.REGISTRY.all():
        assert c.type.count(".") == 3, c.type
        assert c.producer in {*SERVICES, "system"}, c.type


@pytest.mark.parametrize("service", SERVICES)
def test_every_consumed_event_type_has_a_contract(service):
    try:
        spec = load_spec(service)
    except ModuleNotFoundError:
        pytest.fail(f"service {service} has no bootstrap.SPEC")
    for type_ in spec.handlers():
        assert type_ in contracts.REGISTRY, f"{service} consumes {type_} without a contract"
        assert not type_.startswith(f"{service}."), f"{service} consumes its own event {type_}"


def test_events_catalogue_is_not_stale():
    from servicekit.eventsdoc import render as render_catalogue

    committed = (ROOT / "docs" / "events.md").read_text()
    assert committed == render_catalogue(), "docs/events.md is stale: run `make docs`"
