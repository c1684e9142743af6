"""One blueprint per resource; ``blueprints()`` lists them for the ServiceSpec."""


def blueprints() -> list:
    from newsletter.api import bounces, issues, news, public, subscribers

    return [public.blp, subscribers.blp, news.blp, issues.blp, bounces.blp]
