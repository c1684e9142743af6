"""One blueprint per resource; ``blueprints()`` lists them for the ServiceSpec."""


def blueprints() -> list:
    from participation.api import (
        actors,
        audit,
        bodies,
        decisions,
        events,
        meetings,
        organisations,
        projects,
        public_events,
        public_volunteering,
        volunteering,
    )

    return [actors.blp, organisations.blp, bodies.blp, meetings.blp, decisions.blp, volunteering.blp, events.blp,
            public_events.blp, public_volunteering.blp, projects.blp, audit.blp]
