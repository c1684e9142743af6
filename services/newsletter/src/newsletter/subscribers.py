"""Incoming integration events → handlers (type → function)."""

from newsletter.service_layer import bounces, news, subscriptions


def event_handlers() -> dict:
    from servicekit.config import Settings

    settings = Settings.from_env("newsletter")
    return {
        "programmes.project.published.v1": news.on_project_published,
        "programmes.programme.created.v1": news.on_programme_changed,
        "programmes.programme.updated.v1": news.on_programme_changed,
        "programmes.programme.started.v1": news.on_programme_started,
        "participation.event.published.v1": news.on_event_published,
        "participation.event.cancelled.v1": news.on_event_cancelled,
        "participation.decision.made.v1": news.on_decision_made,
        "participation.mail.requested.v1": bounces.on_mail_requested(settings),
        "participation.person.erased.v1": subscriptions.on_person_erased,
    }
