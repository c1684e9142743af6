"""Grafana dashboards: one RED dashboard per app, one for the bus, one for the business, all loadable."""

from __future__ import annotations

import json

from k8s_docs import named

APPS = ("gateway", "programmes", "finance", "participation", "newsletter")


def dashboards(prod) -> dict[str, dict]:
    config_map = named(prod, "ConfigMap", "grafana-dashboards-aktiv")
    assert config_map["metadata"]["labels"]["grafana_dashboard"] == "1"
    return {name: json.loads(text) for name, text in config_map["data"].items()}


def test_the_dashboards_the_issue_asks_for_are_shipped(prod):
    shipped = dashboards(prod)
    assert set(shipped) == {f"red-{app}.json" for app in APPS} | {"bus.json", "business.json"}
    uids = [d["uid"] for d in shipped.values()]
    assert len(set(uids)) == len(uids)


def test_red_dashboards_show_rate_errors_and_duration_of_their_own_service(prod):
    for app in APPS:
        board = dashboards(prod)[f"red-{app}.json"]
        exprs = " ".join(t["expr"] for p in board["panels"] for t in p["targets"])
        assert f'service="{app}"' in exprs
        assert "aktiv_http_requests_total" in exprs and 'status=~"5.."' in exprs
        assert "histogram_quantile(0.99" in exprs


def test_panels_are_complete_and_do_not_overlap(prod):
    for name, board in dashboards(prod).items():
        assert board["templating"]["list"][0]["type"] == "datasource", name
        cells = set()
        for panel in board["panels"]:
            assert panel["targets"] and all(t["expr"] and t["refId"] for t in panel["targets"]), name
            grid = panel["gridPos"]
            assert grid["x"] + grid["w"] <= 24, f"{name}: {panel['title']}"
            mine = {(x, y) for x in range(grid["x"], grid["x"] + grid["w"])
                    for y in range(grid["y"], grid["y"] + grid["h"])}
            assert not mine & cells, f"{name}: {panel['title']} overlaps another panel"
            cells |= mine
