"""Read side: lists (as SQL statements that the screens and the API page in SQL), details, the meeting cockpit
and public views (no side effects)."""

from participation.queries.common import one
from participation.queries.meetings import (
    MEETING_TIMES,
    decision_detail,
    decision_years,
    decisions,
    decisions_stmt,
    later_meetings,
    meeting_detail,
    meetings,
    meetings_stmt,
)
from participation.queries.network import (
    PERSON_STATUS,
    bodies,
    bodies_stmt,
    body_detail,
    members,
    names_for_export,
    organisation_detail,
    organisations,
    organisations_stmt,
    person_detail,
    person_memberships,
    persons,
    persons_stmt,
    programme_name,
    programmes,
    projects,
)
from participation.queries.offers import (
    EVENT_STATUS,
    EVENT_TIMES,
    SIGNUP_STATUS,
    count,
    event_detail,
    events,
    events_stmt,
    hours_of,
    named,
    opportunities,
    opportunities_stmt,
    registration_count,
    registrations,
    signups,
    signups_stmt,
    sponsorships,
    sponsorships_stmt,
    with_seats,
)

_one = one  # older name, used by views that read one record

__all__ = ["EVENT_STATUS", "EVENT_TIMES", "MEETING_TIMES", "PERSON_STATUS", "SIGNUP_STATUS", "bodies", "bodies_stmt",
           "body_detail", "count", "decision_detail", "decision_years", "decisions", "decisions_stmt",
           "event_detail", "events", "events_stmt", "hours_of", "later_meetings", "meeting_detail", "meetings",
           "meetings_stmt", "members", "named", "names_for_export", "one", "opportunities", "opportunities_stmt",
           "organisation_detail", "organisations", "organisations_stmt", "person_detail", "person_memberships",
           "persons", "persons_stmt", "programme_name", "programmes", "projects", "registration_count",
           "registrations", "signups", "signups_stmt", "sponsorships", "sponsorships_stmt", "with_seats"]
