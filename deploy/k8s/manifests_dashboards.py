"""Grafana dashboards as JSON (schema of Grafana 10/11): one RED dashboard per app, one for the bus,
one for the business. Generated so that every app's dashboard has the same panels and queries."""

from __future__ import annotations

import json

from apps import APPS

DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}


def _templating(extra: list[dict] | None = None) -> dict:
    return {"list": [
        {"name": "datasource", "type": "datasource", "query": "prometheus", "label": "Datenquelle"},
        {"name": "namespace", "type": "query", "datasource": DATASOURCE, "label": "Namespace",
         "query": "label_values(up, namespace)", "refresh": 2, "current": {"text": "aktiv", "value": "aktiv"}},
        *(extra or []),
    ]}


def _panel(pid: int, title: str, exprs: list[tuple[str, str]], x: int, y: int, unit: str = "short",
           kind: str = "timeseries", w: int = 12, h: int = 8) -> dict:
    return {
        "id": pid, "type": kind, "title": title, "datasource": DATASOURCE,
        "gridPos": {"x": x, "y": y, "w": w, "h": h},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {"legend": {"displayMode": "table", "placement": "bottom"}} if kind == "timeseries" else {},
        "targets": [{"refId": chr(65 + i), "expr": expr, "legendFormat": legend, "datasource": DATASOURCE}
                    for i, (expr, legend) in enumerate(exprs)],
    }


def _dashboard(uid: str, title: str, panels: list[dict], tags: list[str], extra_vars=None) -> dict:
    return {
        "uid": uid, "title": title, "tags": ["kaufbeuren-aktiv", *tags], "timezone": "browser",
        "schemaVersion": 39, "version": 1, "editable": False, "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"}, "templating": _templating(extra_vars),
        "annotations": {"list": []}, "links": [], "panels": panels,
    }


def red_dashboard(app: str) -> dict:
    sel = f'namespace="$namespace", service="{app}"'
    panels = [
        _panel(1, "Anfragen pro Sekunde nach Route",
               [(f"sum by (route) (rate(aktiv_http_requests_total{{{sel}}}[5m]))", "{{route}}")], 0, 0, "reqps"),
        _panel(2, "Fehlerquote (5xx)",
               [(f'sum(rate(aktiv_http_requests_total{{{sel}, status=~"5.."}}[5m])) / '
                 f"sum(rate(aktiv_http_requests_total{{{sel}}}[5m]))", "5xx")], 12, 0, "percentunit"),
        _panel(3, "Antwortzeit p50 / p95 / p99",
               [(f"histogram_quantile({q}, sum by (le) "
                 f"(rate(aktiv_http_request_duration_seconds_bucket{{{sel}}}[5m])))", f"p{int(q * 100)}")
                for q in (0.5, 0.95, 0.99)], 0, 8, "s"),
        _panel(4, "Langsamste Routen (p99)",
               [(f"topk(5, histogram_quantile(0.99, sum by (route, le) "
                 f"(rate(aktiv_http_request_duration_seconds_bucket{{{sel}}}[5m]))))", "{{route}}")], 12, 8, "s"),
        _panel(5, "Pods erreichbar",
               [(f'sum by (component) (up{{{sel}}})', "{{component}}")], 0, 16, "short", "stat", 6, 4),
    ]
    if APPS[app].worker:
        panels += [
            _panel(6, "Ereignisse verarbeitet nach Ergebnis",
                   [(f"sum by (outcome) (rate(aktiv_events_consumed_total{{{sel}}}[5m]))", "{{outcome}}")],
                   0, 20, "ops"),
            _panel(7, "Ereignisse veröffentlicht nach Typ",
                   [(f"sum by (type) (rate(aktiv_events_published_total{{{sel}}}[5m]))", "{{type}}")], 12, 20, "ops"),
            _panel(8, "Outbox: offene Zeilen und Alter der ältesten",
                   [(f"max(aktiv_outbox_pending{{{sel}}})", "offen"),
                    (f"max(aktiv_outbox_oldest_age_seconds{{{sel}}})", "ältestes (s)")], 0, 28),
            _panel(9, "In die Dead-Letter-Queue abgewiesen",
                   [(f"sum by (type) (increase(aktiv_events_dead_lettered_total{{{sel}}}[1h]))", "{{type}}")],
                   12, 28),
        ]
    else:
        panels.append(_panel(6, "Upstream-Antwortzeit p95 nach Dienst",
                             [("histogram_quantile(0.95, sum by (upstream, le) (rate("
                               'aktiv_upstream_request_duration_seconds_bucket{namespace="$namespace"}[5m])))',
                               "{{upstream}}")], 0, 20, "s", w=24))
    return _dashboard(f"aktiv-red-{app}", f"Kaufbeuren aktiv – {app} (RED)", panels, ["red", app])


def bus_dashboard() -> dict:
    ns = 'namespace="$namespace"'
    panels = [
        _panel(1, "Wartende Ereignisse je Inbox",
               [(f'sum by (queue) (rabbitmq_queue_messages_ready{{{ns}, queue=~"[a-z]+\\\\.inbox"}})', "{{queue}}")],
               0, 0),
        _panel(2, "Tote Nachrichten je Dienst",
               [(f'sum by (queue) (rabbitmq_queue_messages{{{ns}, queue=~"[a-z]+\\\\.dead"}})', "{{queue}}")], 12, 0),
        _panel(3, "Veröffentlicht pro Sekunde je Dienst",
               [(f"sum by (service) (rate(aktiv_events_published_total{{{ns}}}[5m]))", "{{service}}")], 0, 8, "ops"),
        _panel(4, "Verarbeitet pro Sekunde je Dienst und Ergebnis",
               [(f"sum by (service, outcome) (rate(aktiv_events_consumed_total{{{ns}}}[5m]))",
                 "{{service}} {{outcome}}")], 12, 8, "ops"),
        _panel(5, "Outbox: Alter des ältesten Ereignisses",
               [(f"max by (service) (aktiv_outbox_oldest_age_seconds{{{ns}}})", "{{service}}")], 0, 16, "s"),
        _panel(6, "Outbox: offene Zeilen",
               [(f"max by (service) (aktiv_outbox_pending{{{ns}}})", "{{service}}")], 12, 16),
        _panel(7, "Abgewiesen (Dead Letter) je Typ, letzte Stunde",
               [(f"sum by (service, type) (increase(aktiv_events_dead_lettered_total{{{ns}}}[1h]))",
                 "{{service}} {{type}}")], 0, 24, w=24),
    ]
    return _dashboard("aktiv-bus", "Kaufbeuren aktiv – Nachrichtenbus", panels, ["bus"])


def business_dashboard() -> dict:
    ns = 'namespace="$namespace"'
    panels = [
        _panel(1, "Verpasste Förderfristen (Mittelabruf, Verwendungsnachweis)",
               [(f"max by (kind) (aktiv_finance_deadlines_missed{{{ns}}})", "{{kind}}")], 0, 0, "short", "stat"),
        _panel(2, "Newsletter-Versand nach Ergebnis (Mails pro Minute)",
               [(f"sum by (outcome) (rate(aktiv_newsletter_mails_total{{{ns}}}[5m])) * 60", "{{outcome}}")],
               12, 0),
        _panel(7, "Projekte nach Phase",
               [(f"max by (stage) (aktiv_programmes_projects{{{ns}}})", "{{stage}}")], 0, 32),
        _panel(8, "Fristen-Radar Programme (nächste sechs Monate)",
               [(f"max by (kind) (aktiv_programmes_radar_items{{{ns}}})", "{{kind}}")], 12, 32),
        _panel(5, "Newsletter: Abonnements nach Status",
               [(f"max by (status) (aktiv_newsletter_subscribers{{{ns}}})", "{{status}}")], 0, 24),
        _panel(6, "Newsletter: Versandwarteschlange",
               [(f"max by (status) (aktiv_newsletter_queue{{{ns}}})", "{{status}}")], 12, 24),
        _panel(3, "Fachliche Ereignisse pro Stunde",
               [(f"sum by (type) (increase(aktiv_events_published_total{{{ns}}}[1h]))", "{{type}}")], 0, 8, w=24),
        _panel(4, "Nutzung je Fachbereich (Anfragen pro Minute)",
               [(f'sum by (service) (rate(aktiv_http_requests_total{{{ns}, service!="gateway"}}[5m])) * 60',
                 "{{service}}")], 0, 16, w=24),
    ]
    return _dashboard("aktiv-business", "Kaufbeuren aktiv – Fachliche Lage", panels, ["business"])


def dashboards() -> dict[str, dict]:
    out = {f"red-{app}.json": red_dashboard(app) for app in APPS}
    out["bus.json"] = bus_dashboard()
    out["business.json"] = business_dashboard()
    return out


def render(dashboard: dict) -> str:
    return json.dumps(dashboard, indent=2, ensure_ascii=False) + "\n"
