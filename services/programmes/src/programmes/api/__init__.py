"""One blueprint per resource; ``blueprints()`` lists them for the ServiceSpec."""


def blueprints() -> list:
    from programmes.api import (
        calls,
        fields_of_action,
        ideas,
        overview,
        programmes,
        projects,
        public,
        tracking,
        workshop,
    )

    return [fields_of_action.blp, fields_of_action.districts_blp, fields_of_action.target_groups_blp,
            programmes.blp, calls.blp, ideas.blp, projects.blp, workshop.blp, tracking.blp, overview.blp, public.blp]
