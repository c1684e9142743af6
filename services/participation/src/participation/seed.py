"""Demo data for ``make run`` (marked ``demo``), idempotent, through the service-layer handlers so the events
(organisation.created, meeting.scheduled, decision.made, event.published) reach the other services.

Done as the demo's network officer (``servicekit.demo.PARTICIPATION``), so minutes, decisions and the audit log
read "Bea Beteiligung (Demo), …". Times are written as Kaufbeuren's wall clock (a meeting at 18:00 Uhr) and
stored as the UTC instant (``from_local_input``), so every screen shows the time that was meant."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from sqlalchemy import select

from participation.adapters.orm import body, event, meeting, opportunity, organisation, person
from participation.service_layer import actors, bodies, decisions, events, inbound, meetings, volunteering
from servicekit.demo import PARTICIPATION
from servicekit.formats import from_local_input

SEED = PARTICIPATION.actor


def _berlin(*parts: int) -> datetime:
    """``_berlin(2026, 3, 12, 18, 0)``: 18:00 Uhr in Kaufbeuren, as the UTC instant that is stored."""
    return from_local_input(datetime(*parts))

ORGANISATIONS = [
    ("demo-org-stadtjugendring", "Stadtjugendring Kaufbeuren", "verein"),
    ("demo-org-kulturverein", "Kulturverein Neugablonz e. V.", "verein"),
    ("demo-org-caritas", "Caritasverband Kaufbeuren", "traeger"),
    ("demo-org-stadt", "Stadt Kaufbeuren, Amt für Jugend und Soziales", "verwaltung"),
    ("demo-org-sparkasse", "Sparkasse Kaufbeuren", "unternehmen"),
]
PERSONS = [
    ("demo-person-huber", "Maria Huber", "demo-org-stadt"),
    ("demo-person-yilmaz", "Emre Yılmaz", "demo-org-stadtjugendring"),
    ("demo-person-novak", "Jana Novák", "demo-org-kulturverein"),
    ("demo-person-schmid", "Thomas Schmid", "demo-org-caritas"),
    ("demo-person-weber", "Lena Weber", None),
    ("demo-person-krause", "Peter Krause", "demo-org-sparkasse"),
    ("demo-person-berger", "Anna Berger", None),
    ("demo-person-fischer", "Klaus Fischer", None),
]
BODIES = [
    ("demo-begleitausschuss", "Begleitausschuss „Demokratie leben!“ Kaufbeuren", "begleitausschuss",
     "demo-demokratie-leben", [("demo-person-huber", "chair", "demo-org-stadt"),
                               ("demo-person-yilmaz", "member", "demo-org-stadtjugendring"),
                               ("demo-person-novak", "member", "demo-org-kulturverein"),
                               ("demo-person-schmid", "member", "demo-org-caritas"),
                               ("demo-person-weber", "deputy", None),
                               ("demo-person-krause", "advisory", "demo-org-sparkasse")]),
    ("demo-steuerungsgruppe", "Steuerungsgruppe Kaufbeuren aktiv", "steuerungsgruppe", None,
     [("demo-person-huber", "chair", "demo-org-stadt"), ("demo-person-schmid", "member", "demo-org-caritas"),
      ("demo-person-berger", "member", None)]),
    ("demo-arbeitskreis", "Arbeitskreis Jugend Neugablonz", "arbeitskreis", None,
     [("demo-person-yilmaz", "chair", "demo-org-stadtjugendring"),
      ("demo-person-novak", "member", "demo-org-kulturverein"),
      ("demo-person-fischer", "member", None)]),
]


def _exists(runtime, table, id_) -> bool:
    with runtime.engine.connect() as conn:
        return conn.execute(select(table.c.id).where(table.c.id == id_)).first() is not None


def seed(runtime) -> None:
    with PARTICIPATION.acting():
        _seed(runtime)


def _seed(runtime) -> None:
    for oid, name, kind in ORGANISATIONS:
        if not _exists(runtime, organisation, oid):
            actors.create_organisation(runtime.uow(), actor=SEED, id=oid, demo=True, name=name, kind=kind)
    for pid, name, org in PERSONS:
        if not _exists(runtime, person, pid):
            actors.create_person(runtime.uow(), actor=SEED, id=pid, demo=True, name=name, organisation_id=org,
                                 email=pid.removeprefix("demo-person-") + "@example.org")
            actors.record_consent(runtime.uow(), pid, actor=SEED, purpose="gremienarbeit", text_version="2026-01",
                                  method="paper", given_at=_berlin(2026, 1, 15, 10, 0))
    for bid, name, type_, programme, members in BODIES:
        if _exists(runtime, body, bid):
            continue
        bodies.create_body(runtime.uow(), actor=SEED, id=bid, demo=True, name=name, type=type_,
                           programme_id=programme, fields_of_action=["jugend", "integration"])
        for pid, role, org in members:
            bodies.add_membership(runtime.uow(), bid, actor=SEED, id=f"{bid}-{pid.removeprefix('demo-person-')}",
                                  person_id=pid, role=role, organisation_id=org, valid_from=date(2026, 1, 1))
    _begleitausschuss_meetings(runtime)
    _volunteering(runtime)
    _event(runtime)


# The programmes service's demo project that an agenda item links to. Agenda items only link projects the read
# model knows; the demo may be seeded before programmes' events arrive, so the row is laid with sequence 0 and the
# first real programmes.project.* event (sequence >= 1) overwrites it.
DEMO_PROJECTS = [{"project_id": "demo-juze-truck", "title": "Juze-Truck", "stage": "running",
                  "programme_id": "demo-demokratie-leben"}]


def _project_read_model(runtime) -> None:
    with runtime.uow() as w:
        for data in DEMO_PROJECTS:
            inbound.on_project(w, SimpleNamespace(sequence=0, data=data))
        w.commit()


def _begleitausschuss_meetings(runtime) -> None:
    first, second = "demo-ba-sitzung-2026-03", "demo-ba-sitzung-2026-05"
    if _exists(runtime, meeting, first):
        return
    _project_read_model(runtime)
    ba = "demo-begleitausschuss"
    meetings.schedule_meeting(runtime.uow(), ba, actor=SEED, id=first, demo=True, title="1. Sitzung 2026",
                              starts_at=_berlin(2026, 3, 12, 18, 0), place="Rathaus, Sitzungssaal")
    meetings.schedule_meeting(runtime.uow(), ba, actor=SEED, id=second, demo=True, title="2. Sitzung 2026",
                              starts_at=_berlin(2026, 5, 7, 18, 0), place="Rathaus, Sitzungssaal")
    meetings.add_agenda_item(runtime.uow(), first, actor=SEED, id="demo-top-juze-bericht",
                             title="Bericht aus dem Projekt Juze-Truck", project_id="demo-juze-truck")
    meetings.add_agenda_item(runtime.uow(), first, actor=SEED, id="demo-top-demokratiewerkstatt",
                             title="Kleinprojekt: Demokratiewerkstatt für Jugendliche",
                             applicant_organisation_id="demo-org-stadtjugendring", amount=Decimal("2500.00"))
    meetings.add_agenda_item(runtime.uow(), first, actor=SEED, id="demo-top-interkulturelles-fest",
                             title="Kleinprojekt: Interkulturelles Nachbarschaftsfest Neugablonz",
                             applicant_organisation_id="demo-org-kulturverein", amount=Decimal("1800.00"))
    present = [f"{ba}-{p}" for p in ("huber", "yilmaz", "novak", "schmid", "krause")]
    meetings.record_attendance(runtime.uow(), first, actor=SEED, present=present)
    votes = {"demo-top-demokratiewerkstatt": {"huber": "yes", "novak": "yes", "schmid": "abstain"},
             "demo-top-interkulturelles-fest": {"huber": "yes", "yilmaz": "yes", "schmid": "yes"}}
    for item, cast in votes.items():
        for who, choice in cast.items():
            decisions.cast_vote(runtime.uow(), item, actor=SEED, membership_id=f"{ba}-{who}", choice=choice)
        decisions.decide(runtime.uow(), item, actor=SEED, id=f"demo-beschluss-{item.removeprefix('demo-top-')}",
                         demo=True)
    meetings.save_minutes(runtime.uow(), first, actor=SEED, text=(
        "TOP 1: Das Projektteam berichtete über die ersten Einsätze des Juze-Trucks.\n"
        "TOP 2: Herr Yılmaz war befangen (Stadtjugendring ist Antragsteller) und hat nicht mitgestimmt.\n"
        "TOP 3: Das Fest wird einstimmig empfohlen."))
    meetings.approve_minutes(runtime.uow(), first, actor=SEED, approved_in=second)
    if not _exists(runtime, meeting, "demo-sg-sitzung"):
        meetings.schedule_meeting(runtime.uow(), "demo-steuerungsgruppe", actor=SEED, id="demo-sg-sitzung", demo=True,
                                  title="Steuerungsgruppe Herbst", place="Koordinierungsstelle",
                                  starts_at=_berlin(2026, 10, 8, 10, 0))


def _volunteering(runtime) -> None:
    if _exists(runtime, opportunity, "demo-spielplatz-aktiv"):
        return
    volunteering.create_opportunity(
        runtime.uow(), actor=SEED, id="demo-spielplatz-aktiv", demo=True, kind="sponsorship",
        title="Spielplatz aktiv: Spielplatzpatin oder Spielplatzpate werden",
        description="Paten schauen regelmäßig nach „ihrem“ Spielplatz, melden Schäden und organisieren Aktionstage.",
        organisation_id="demo-org-stadt", district="neugablonz", field_of_action="familie")
    volunteering.create_opportunity(
        runtime.uow(), actor=SEED, id="demo-lesepaten", demo=True, title="Lesepatenschaft an Grundschulen",
        description="Einmal pro Woche eine Stunde mit Kindern lesen.", organisation_id="demo-org-caritas",
        district="kaufbeuren-west", field_of_action="bildung")
    volunteering.create_opportunity(
        runtime.uow(), actor=SEED, id="demo-seniorenbegleitung", demo=True, title="Besuchsdienst für Seniorinnen",
        description="Zeit schenken: Spaziergänge, Gespräche, Begleitung zu Terminen.",
        organisation_id="demo-org-caritas", district="altstadt", field_of_action="senioren")
    for pid, place in (("demo-person-berger", "Spielplatz am Bärensee"),
                       ("demo-person-fischer", "Spielplatz Neugablonz Mitte")):
        volunteering.add_sponsorship(runtime.uow(), actor=SEED, person_id=pid, opportunity_id="demo-spielplatz-aktiv",
                                     object=place, since=date(2025, 5, 1), demo=True)
        for day, amount in ((date(2026, 4, 18), "3.5"), (date(2026, 6, 20), "4")):
            volunteering.log_hours(runtime.uow(), actor=SEED, person_id=pid, day=day, amount=Decimal(amount),
                                   opportunity_id="demo-spielplatz-aktiv", note="Spielplatzkontrolle und Aktionstag")


def _event(runtime) -> None:
    if _exists(runtime, event, "demo-engagementtag"):
        return
    day = date.today() + timedelta(days=30)
    events.create_event(
        runtime.uow(), actor=SEED, id="demo-engagementtag", demo=True, publish=True,
        title="Engagementtag Kaufbeuren", summary="Vereine und Initiativen stellen sich vor – mitmachen erwünscht.",
        description="Markt der Möglichkeiten mit Infoständen, Kurzvorträgen und Ehrung langjährig Engagierter.",
        starts_at=from_local_input(datetime.combine(day, time(14, 0))),
        ends_at=from_local_input(datetime.combine(day, time(18, 0))), place="Stadtsaal Kaufbeuren", capacity=80,
        fields_of_action=["ehrenamt", "vereine"], districts=["altstadt"])
