"""Incoming integration events → handlers (type → function)."""

from participation.service_layer import decisions, inbound

PROJECT_EVENTS = ("proposed", "assessed", "stage_changed", "updated", "published", "closed", "evaluated")
PROGRAMME_EVENTS = ("created", "updated", "started")


def event_handlers() -> dict:
    handlers = {f"programmes.project.{verb}.v1": inbound.on_project for verb in PROJECT_EVENTS}
    handlers.update({f"programmes.programme.{verb}.v1": inbound.on_programme for verb in PROGRAMME_EVENTS})
    handlers["finance.action_fund.decision_refused.v1"] = decisions.on_decision_refused
    handlers["finance.action_fund.decision_booked.v1"] = decisions.on_decision_booked
    return handlers
