import re

from sqlalchemy import func, select

from programmes.adapters.orm import programme, project
from programmes.bootstrap import SPEC


def test_seed_is_idempotent_and_fills_the_radar(make_client, auth_header):
    client, runtime = make_client(SPEC)
    SPEC.seed(runtime)
    SPEC.seed(runtime)
    with runtime.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(programme)).scalar() == 12
        stages = dict(conn.execute(select(project.c.id, project.c.stage)).all())
        assert conn.execute(select(func.count()).select_from(project).where(project.c.demo.is_(False))).scalar() == 0
    assert stages["demo-juze-truck"] == "running" and stages["demo-stadtteilbuero-haken"] == "application"
    biwaq = client.get("/api/programmes/public/programmes/demo-biwaq").json
    assert (biwaq["period_start"], biwaq["period_end"], biwaq["status"]) == ("2026-07-01", "2028-09-30", "running")
    statuses = {p["id"]: p["status"] for p in client.get("/api/programmes/public/programmes?page_size=50").json}
    assert statuses["demo-los"] == statuses["demo-xenos"] == "completed"
    radar = client.get("/api/programmes/radar", headers=auth_header("viewer")).json
    kinds = {(i["kind"], i["project_id"]) for i in radar}
    assert ("no_sustainment", "demo-mobikids") in kinds and ("report_due", "demo-mobikids") in kinds
    board = client.get("/intern/programmes/board?programme=demo-biwaq",
                       headers={**auth_header("viewer"), "Accept": "text/html"}).text
    assert "Stadtteilbüro Haken" in board and "Juze-Truck" not in board
    reports = client.get("/intern/programmes/berichte?status=planned",
                         headers={**auth_header("viewer"), "Accept": "text/html"}).text
    assert "Sachbericht Mobikids" in reports and "Spielplatz aktiv – Mobikids" in reports
    assert "Sachbericht Mobikids" not in client.get("/intern/programmes/berichte?status=accepted", headers={
        **auth_header("viewer"), "Accept": "text/html"}).text
    outbox = runtime.metadata.tables["outbox"]
    with runtime.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(outbox).where(
            outbox.c.type == "programmes.report.due.v1")).scalar() == 1


def test_the_demo_has_an_evaluated_project_with_evaluation_and_sustainment_by_name(make_client, auth_header):
    client, runtime = make_client(SPEC)
    SPEC.seed(runtime)
    with runtime.engine.connect() as conn:
        stage = conn.execute(select(project.c.stage).where(project.c.id == "demo-digitalpaten")).scalar()
    assert stage == "evaluated"
    html = {**auth_header("viewer"), "Accept": "text/html"}
    page = "/intern/programmes/projekte/demo-digitalpaten"
    evaluation = client.get(page + "?tab=evaluation", headers=html).text
    assert "Das Ziel von 120 beratenen Personen ist fast erreicht" in evaluation
    assert "Neubewertung der sieben Kriterien: 18 von 21 Punkten, bestanden" in evaluation
    assert re.search(r"Erfasst von Paula Programm \(Demo\), \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr", evaluation)
    sustainment = client.get(page + "?tab=verstetigung", headers=html).text
    assert "Seniorenbeirat der Stadt Kaufbeuren" in sustainment and "2.400,00 €" in sustainment
    overview = client.get(page, headers=html).text
    assert "Abschluss → Evaluiert" in overview and "Demodaten" not in overview  # a person did it, by name
    assert overview.count("Paula Programm (Demo), ") >= 7  # every step of the phase history
