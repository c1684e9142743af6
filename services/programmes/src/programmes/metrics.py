"""Business gauges of the programmes service (set by the worker loop, served on the worker's /metrics)."""

from prometheus_client import Gauge

from programmes.domain.lifecycle import STAGES
from programmes.queries import dashboard, radar

PROJECTS = Gauge("aktiv_programmes_projects", "Projects by lifecycle stage", ["stage"], multiprocess_mode="livemax")
RADAR = Gauge("aktiv_programmes_radar_items", "Deadline radar entries within six months by kind", ["kind"],
              multiprocess_mode="livemax")
RADAR_KINDS = ("report_due", "funding_ending", "no_sustainment", "call_deadline")


def refresh(runtime) -> None:
    with runtime.engine.connect() as conn:
        counts = {s["key"]: s["count"] for s in dashboard(conn)["by_stage"]}
        items = radar(conn, months=6)
    for stage in STAGES:
        PROJECTS.labels(stage).set(counts.get(stage, 0))
    for kind in RADAR_KINDS:
        RADAR.labels(kind).set(sum(1 for i in items if i["kind"] == kind))
