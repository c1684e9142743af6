"""Incoming integration events → handlers (type → function)."""

from finance.service_layer.action_funds import on_decision_made
from finance.service_layer.bodies import on_body_event
from finance.service_layer.projects import on_project_event

PROJECT_EVENTS = ("proposed", "assessed", "stage_changed", "updated", "published", "closed", "evaluated")


def event_handlers() -> dict:
    handlers = {f"programmes.project.{verb}.v1": on_project_event for verb in PROJECT_EVENTS}
    handlers["participation.decision.made.v1"] = on_decision_made
    handlers["participation.body.created.v1"] = on_body_event
    handlers["participation.body.updated.v1"] = on_body_event
    return handlers
