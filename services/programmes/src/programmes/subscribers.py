"""Incoming integration events → handlers (type → function)."""

from programmes.service_layer import consumers, handlers


def event_handlers() -> dict:
    return {
        "system.probe.sent.v1": handlers.on_probe,
        "participation.decision.made.v1": consumers.on_decision_made,
        "finance.action_fund.decision_refused.v1": consumers.on_action_fund_decision_refused,
        "participation.organisation.created.v1": consumers.on_organisation,
        "participation.organisation.updated.v1": consumers.on_organisation,
        "finance.grant.awarded.v1": consumers.on_grant,
        "finance.grant.amended.v1": consumers.on_grant,
        "finance.funding.ending_soon.v1": consumers.on_funding_ending_soon,
        "finance.funder.created.v1": consumers.on_funder,
        "finance.funder.updated.v1": consumers.on_funder,
        "finance.funding_plan.validated.v1": consumers.on_funding_plan_validated,
    }
