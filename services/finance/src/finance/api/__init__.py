"""One blueprint per resource; ``blueprints()`` lists them for the ServiceSpec."""


def blueprints() -> list:
    from finance.api import (
        action_funds,
        audit,
        budget,
        drawdowns,
        expenses,
        funders,
        grants,
        plans,
        portfolio,
        projects,
        proofs,
        radar,
    )

    return [funders.blp, plans.blp, grants.blp, expenses.blp, drawdowns.blp, proofs.blp, action_funds.blp,
            radar.blp, portfolio.blp, projects.blp, audit.blp, budget.blp]
