"""Demo data for ``make run`` (marked ``demo``). Idempotent; goes through the handlers so events flow. Everything
is done as the demo's programme officer (``servicekit.demo.PROGRAMME``), so phase histories, evaluations and the
audit log read "Paula Programm (Demo), …" and never an id or a system label."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from programmes.adapters.orm import district, field_of_action, funding_call, idea, programme, project, target_group
from programmes.domain.assessment import CRITERIA
from programmes.domain.reference import DEFAULT_DISTRICTS, DEFAULT_FIELDS_OF_ACTION, DEFAULT_TARGET_GROUPS
from programmes.service_layer import handlers, projects, tracking, workshop
from programmes.service_layer import programmes as progs
from programmes.service_layer.common import today
from servicekit.demo import PROGRAMME

SEED = PROGRAMME.actor

# id, name, short name, status, start, end, fields, funders, summary
PROGRAMMES = [
    ("demo-biwaq", "BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier", "BIWAQ", "running", "2026-07-01",
     "2028-09-30", ["bildung", "integration"], ["demo-esf-plus", "demo-bund"],
     "BIWAQ hilft Menschen im Stadtteil auf dem Weg in Arbeit. Das Geld kommt von der EU und vom Bund."),
    ("demo-staerken-vor-ort", "STÄRKEN vor Ort", "STÄRKEN vor Ort", "completed", "2009-01-01", "2011-12-31",
     ["jugend", "familie"], ["demo-esf-plus", "demo-bund"],
     "Kleine Projekte für junge Menschen und Frauen. Sie sollen leichter Arbeit finden."),
    ("demo-vielfalt-tut-gut", "VIELFALT TUT GUT", "VIELFALT", "completed", "2007-01-01", "2010-12-31",
     ["jugend", "integration"], ["demo-bund"], "Junge Menschen lernen Vielfalt kennen. Sie stehen für Demokratie ein."),
    ("demo-lernen-vor-ort", "Lernen vor Ort", "LvO", "completed", "2009-09-01", "2014-08-31", ["bildung"],
     ["demo-bund", "demo-esf-plus"], "Die Stadt plant Bildung gemeinsam. Von der Kita bis zum Alter."),
    ("demo-4job", "4 Job", "4 Job", "completed", "2008-01-01", "2012-12-31", ["jugend", "bildung"],
     ["demo-esf-plus"], "Junge Leute finden den Weg in eine Ausbildung."),
    ("demo-mehrgenerationenhaus", "Mehrgenerationenhaus", "MGH", "running", "2021-01-01", "2028-12-31",
     ["senioren", "familie", "ehrenamt"], ["demo-bund", "demo-stadt-kaufbeuren"],
     "Jung und Alt treffen sich im Haus. Es gibt Kurse, Hilfe und Kaffee."),
    ("demo-eltern-talk", "ELTERN TALK", "ELTERN TALK", "running", "2015-01-01", "2027-12-31", ["familie"],
     ["demo-freistaat-bayern"],
     "Eltern sprechen zu Hause mit anderen Eltern. Es geht um Medien, Erziehung und Gesundheit."),
    ("demo-familienstuetzpunkt", "Familienstützpunkt", "FSP", "running", "2016-01-01", "2027-12-31",
     ["familie"], ["demo-freistaat-bayern", "demo-stadt-kaufbeuren"],
     "Familien finden hier Rat und Hilfe. Der Weg ist kurz."),
    ("demo-kbe", "Koordinierungszentrum Bürgerschaftliches Engagement", "KBE", "running", "2010-01-01", None,
     ["ehrenamt", "vereine"], ["demo-freistaat-bayern", "demo-stadt-kaufbeuren"],
     "Wir bringen Menschen und Vereine zusammen. Wer helfen will, findet hier eine Aufgabe."),
    ("demo-demokratie-leben", "Demokratie leben! – Partnerschaft für Demokratie", "Demokratie leben!", "running",
     "2025-01-01", "2032-12-31", ["jugend", "integration", "kultur"], ["demo-bund"],
     "Die Stadt fördert kleine Projekte für Demokratie. Ein Ausschuss aus Bürgern entscheidet mit."),
    ("demo-los", "LOS – Lokales Kapital für soziale Zwecke", "LOS", "completed", "2004-01-01", "2008-06-30",
     ["integration", "ehrenamt"], ["demo-esf-plus"],
     "Mit LOS hat 2004 alles in Neugablonz begonnen. Kleine Summen haben viel bewegt."),
    ("demo-xenos", "XENOS – Integration und Vielfalt", "XENOS", "completed", "2008-01-01", "2012-12-31",
     ["integration", "jugend"], ["demo-esf-plus", "demo-bund"],
     "XENOS hat junge Menschen gegen Ausgrenzung gestärkt."),
]


def _d(value):
    return date.fromisoformat(value) if value else None


def _ensure_reference(uow_factory):
    for kind, table, items in (("field_of_action", field_of_action, DEFAULT_FIELDS_OF_ACTION),
                               ("district", district, DEFAULT_DISTRICTS),
                               ("target_group", target_group, DEFAULT_TARGET_GROUPS)):
        with uow_factory() as uow:
            existing = set(uow.session.execute(select(table.c.code)).scalars())
        for code, name in items:
            if code not in existing:
                handlers.create_reference(uow_factory(), kind, code=code, name=name, actor=SEED)


def _exists(runtime, table, key) -> bool:
    with runtime.engine.connect() as conn:
        return conn.execute(select(table.c[table.primary_key.columns.keys()[0]]).where(
            table.c[table.primary_key.columns.keys()[0]] == key)).first() is not None


def _walk(runtime, pid: str, stages: list[str]):
    """Take a demo project through the real lifecycle (with the evidence each guard wants)."""
    for stage in stages:
        if stage == "assessed":
            workshop.assess(runtime.uow(), pid, actor=SEED, assessors=["Koordinierungsstelle", "Steuerungsgruppe"],
                            scores={k: {"score": 3 if k != "subsidiarity" else 2,
                                        "reason": "In der Ideenwerkstatt besprochen"} for k in CRITERIA})
            continue
        projects.change_stage(runtime.uow(), pid, stage, actor=SEED, reason="Demo-Verlauf",
                              decision_reference="Stadtratsbeschluss (Demo)" if stage == "approved" else "")


def _project(runtime, pid, stages, indicators=(), **data):
    if _exists(runtime, project, pid):
        return False
    projects.create_project(runtime.uow(), actor=SEED, id=pid, demo=True, **data)
    _walk(runtime, pid, stages)
    for name, unit, baseline, target, values in indicators:
        ind = tracking.add_indicator(runtime.uow(), pid, actor=SEED, name=name, unit=unit,
                                     baseline=Decimal(baseline), target=Decimal(target))
        for months_ago, value in values:
            tracking.add_measurement(runtime.uow(), ind["id"], actor=SEED, value=Decimal(value),
                                     measured_on=today() - timedelta(days=30 * months_ago))
    projects.set_project_published(runtime.uow(), pid, True, actor=SEED)
    return True


def seed(runtime) -> None:
    with PROGRAMME.acting():
        _seed(runtime)


def _seed(runtime) -> None:
    _ensure_reference(runtime.uow)
    for pid, name, short, status, start, end, fields, funders, summary in PROGRAMMES:
        if not _exists(runtime, programme, pid):
            progs.create_programme(runtime.uow(), actor=SEED, id=pid, demo=True, name=name, short_name=short,
                                   status=status, period_start=_d(start), period_end=_d(end),
                                   fields_of_action=fields, funder_ids=funders, summary=summary,
                                   contact="Koordinierungsstelle Kaufbeuren aktiv, Rathaus",
                                   description=summary + " Mehr dazu erfahren Sie bei der Koordinierungsstelle.")
            progs.set_programme_published(runtime.uow(), pid, True, actor=SEED)
    until = today()
    running = ["assessed", "concept", "application", "approved", "running"]
    _project(runtime, "demo-juze-truck", running, programme_id="demo-demokratie-leben",
             title="Juze-Truck", fields_of_action=["jugend"], districts=["neugablonz", "haken"],
             target_groups=["jugendliche"], responsible="Stadtjugendpflege",
             start_date=date(2025, 3, 1), end_date=date(2027, 12, 31),
             summary="Ein Bus bringt das Jugendzentrum in die Stadtteile. Jugendliche gestalten das Programm mit.",
             indicators=[("Erreichte Jugendliche", "Personen", "0", "300", [(6, "80"), (3, "150"), (1, "190")])])
    if _project(runtime, "demo-mobikids", running, programme_id=None, title="Spielplatz aktiv – Mobikids",
                fields_of_action=["familie", "ehrenamt"], districts=["kaufbeuren-west"],
                target_groups=["kinder", "familien"], responsible="Koordinierungsstelle",
                start_date=date(2025, 4, 1), end_date=until + timedelta(days=60),
                summary="Ehrenamtliche Paten spielen mit Kindern auf dem Spielplatz. Das Projekt endet bald.",
                indicators=[("Aktive Spielplatzpaten", "Personen", "2", "12", [(4, "6"), (1, "9")])]):
        tracking.add_report(runtime.uow(), "demo-mobikids", actor=SEED, id="demo-report-mobikids",
                            title="Sachbericht Mobikids", kind="interim", funder_id="demo-robert-bosch-stiftung",
                            due_date=until + timedelta(days=14))
    _project(runtime, "demo-apfelkern", running, programme_id="demo-mehrgenerationenhaus",
             title="Stadtteiltreff Apfelkern", fields_of_action=["senioren", "familie"], districts=["altstadt"],
             target_groups=["senioren", "familien"], responsible="Mehrgenerationenhaus",
             start_date=date(2024, 1, 1), end_date=date(2028, 12, 31),
             summary="Im Apfelkern treffen sich Nachbarn. Es gibt Mittagstisch, Nähcafé und Hilfe im Alltag.",
             indicators=[("Besuche pro Monat", "Besuche", "100", "400", [(2, "260")])])
    _project(runtime, "demo-stadtteilbuero-neugablonz", running, programme_id="demo-biwaq",
             title="Stadtteilbüro Neugablonz", fields_of_action=["integration", "bildung"],
             districts=["neugablonz"], target_groups=["langzeitarbeitslose", "zugewanderte"],
             responsible="Quartiersmanagement", start_date=date(2026, 7, 1), end_date=date(2028, 9, 30),
             summary="Das Büro hilft bei Bewerbungen und Sprache. Es liegt mitten im Stadtteil.",
             indicators=[("Vermittlungen in Arbeit", "Personen", "0", "60", [(1, "12")])])
    _project(runtime, "demo-stadtteilbuero-haken", ["assessed", "concept", "application"],
             programme_id="demo-biwaq", title="Stadtteilbüro Haken", fields_of_action=["integration"],
             districts=["haken"], target_groups=["familien", "zugewanderte"], responsible="Quartiersmanagement",
             start_date=date(2026, 7, 1), end_date=date(2028, 9, 30),
             summary="Ein zweites Büro für den Haken. Der Antrag liegt beim Fördergeber.")
    _evaluated_project(runtime)
    _seed_ideas_and_calls(runtime)
    tracking.announce_due_reports(runtime.uow())


EVALUATION_SCORES = {"participation": 3, "partners": 3, "indicators": 2, "subsidiarity": 2, "overall_concept": 3,
                     "impulse": 2, "added_value": 3}


def _evaluated_project(runtime) -> None:
    """A finished project in "Evaluiert": final report submitted, evaluation and sustainment (Verstetigung)
    recorded, so the project page's evaluation and sustainment tabs have real content in the demo."""
    pid = "demo-digitalpaten"
    if not _project(runtime, pid, ["assessed", "concept", "application", "approved", "running"],
                    programme_id="demo-mehrgenerationenhaus", title="Digitalpaten im Mehrgenerationenhaus",
                    fields_of_action=["senioren", "ehrenamt"], districts=["altstadt", "oberbeuren"],
                    target_groups=["senioren"], responsible="Mehrgenerationenhaus",
                    start_date=date(2025, 1, 1), end_date=date(2026, 6, 30),
                    summary="Junge Leute helfen Älteren mit dem Handy. Sie zeigen, wie ein Anruf mit Bild geht. "
                            "Die Hilfe geht weiter.",
                    indicators=[("Beratene Seniorinnen und Senioren", "Personen", "0", "120",
                                 [(12, "35"), (8, "70"), (6, "118")]),
                                ("Aktive Digitalpatinnen und -paten", "Personen", "0", "15", [(6, "16")])]):
        return
    tracking.add_report(runtime.uow(), pid, actor=SEED, id="demo-report-digitalpaten-final",
                        title="Abschlussbericht Digitalpaten", kind="final", funder_id="demo-bund",
                        due_date=date(2026, 9, 30), status="submitted", submitted_on=date(2026, 9, 1),
                        text="118 Seniorinnen und Senioren wurden beraten, 16 Ehrenamtliche sind als Paten aktiv. "
                             "Die Sprechstunde übernimmt der Seniorenbeirat.")
    projects.change_stage(runtime.uow(), pid, "closing", actor=SEED, reason="Förderzeitraum beendet, "
                          "Abschlussbericht eingereicht")
    tracking.record_evaluation(
        runtime.uow(), pid, actor=SEED, attainment_percent=98,
        goal_attainment="Das Ziel von 120 beratenen Personen ist fast erreicht (118). Es sind mehr Paten aktiv als "
                        "geplant.",
        lessons_learned="Feste Sprechstunden funktionieren besser als Hausbesuche. Schülerinnen und Schüler als "
                        "Paten bringen viel Geduld mit.",
        criteria={k: {"score": v, "reason": "In der Evaluation mit dem Träger besprochen"}
                  for k, v in EVALUATION_SCORES.items()})
    tracking.save_sustainment_plan(
        runtime.uow(), pid, actor=SEED, continued_by="Seniorenbeirat der Stadt Kaufbeuren",
        funding="Haushaltsmittel der Stadt (Seniorenarbeit)", amount=Decimal("2400.00"), from_date=date(2026, 7, 1),
        notes="Die Sprechstunde findet weiter jeden Dienstag im Mehrgenerationenhaus statt.")


def _seed_ideas_and_calls(runtime) -> None:
    ideas = [("demo-idee-repair-cafe", "Repair-Café im Stadtteil", "best_practice", True, ["ehrenamt"],
              "Ehrenamtliche reparieren mit Gästen Geräte. Vorbild aus Augsburg."),
             ("demo-idee-sprachpaten", "Sprachpaten für Familien", "european_impulse", False, ["integration"],
              "Paten üben mit Familien Deutsch im Alltag."),
             ("demo-idee-jugendforum", "Jugendforum", "newsletter", False, ["jugend"],
              "Jugendliche beraten den Stadtrat zweimal im Jahr.")]
    for iid, title, source, best, fields, text in ideas:
        if not _exists(runtime, idea, iid):
            progs.create_idea(runtime.uow(), actor=SEED, id=iid, demo=True, title=title, source=source,
                              best_practice=best, fields_of_action=fields, description=text)
    if not _exists(runtime, funding_call, "demo-aufruf-biwaq-2025"):
        progs.create_call(runtime.uow(), actor=SEED, id="demo-aufruf-biwaq-2025", demo=True,
                          title="Engagement vor Ort stärken", funder_id="demo-robert-bosch-stiftung",
                          deadline=today() + timedelta(days=45), fields_of_action=["ehrenamt", "integration"],
                          budget_min=Decimal("5000.00"), budget_max=Decimal("50000.00"),
                          link="https://www.bosch-stiftung.de/")
