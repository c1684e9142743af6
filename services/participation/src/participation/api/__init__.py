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
    from participation.api.common import field_error
    from participation.domain.errors import FieldError

    found = [actors.blp, organisations.blp, bodies.blp, meetings.blp, decisions.blp, volunteering.blp, events.blp,
             public_events.blp, public_volunteering.blp, projects.blp, audit.blp]
    for blp in found:  # a rule that refuses one field answers like a schema error (errors: {field: [...]})
        if FieldError not in blp.error_handler_spec[None][None]:
            blp.register_error_handler(FieldError, field_error)
    return found
