"""A test double of the remote services: one small Flask app with canned JSON in the documented shapes
(docs/public-api.md), served on a free localhost port by a werkzeug server thread."""

from __future__ import annotations

import threading
import time

from flask import Flask, Response, jsonify, request
from werkzeug.serving import make_server

PROGRAMMES = [{
    "id": "demo-biwaq", "name": "BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier", "short_name": "BIWAQ",
    "status": "running", "summary": "Hilft Menschen im Stadtteil, Arbeit zu finden.", "readability_score": 62,
    "fields_of_action": [{"code": "bildung", "name": "Bildung"}], "funders": [{"id": "demo-esf-plus",
                                                                              "name": "ESF Plus"}],
    "funder_notice": "Gefördert vom Europäischen Sozialfonds Plus und vom Bund.",
    "period_start": "2023-01-01", "period_end": "2026-12-31"}]
PROJECTS = [{"id": "demo-juze-truck", "title": "JUZE-Truck", "summary": "Ein Jugendtreff auf Rädern.",
             "stage": "running", "programme": {"id": "demo-biwaq", "name": "BIWAQ"},
             "fields_of_action": [{"code": "jugend", "name": "Jugend"}],
             "districts": [{"code": "neugablonz", "name": "Neugablonz"}],
             "funder_notice": "Gefördert von der Stadt Kaufbeuren."}]
PROJECT_DETAIL = {**PROJECTS[0], "description": "Der Truck fährt jede Woche in drei Stadtteile.",
                  "partners": [{"id": "p1", "name": "Stadtjugendring"}],
                  "indicators": [{"name": "Erreichte Jugendliche", "unit": "Personen", "baseline": "20",
                                  "target": "120", "attainment_percent": "75.0",
                                  "measurements": [{"date": "2025-06-30", "value": "60"},
                                                   {"date": "2025-12-31", "value": "95"}]}]}
EVENTS = [{"id": "demo-event-1", "title": "Repair-Café", "summary": "Gemeinsam reparieren.",
           "starts_at": "2030-03-14T15:00:00+01:00", "ends_at": "2030-03-14T18:00:00+01:00",
           "place": "Stadtteilbüro Neugablonz", "capacity": 20, "seats_left": 5, "waiting_list_open": True,
           "fields_of_action": ["ehrenamt"], "districts": ["neugablonz"]}]
OPPORTUNITIES = [{"id": "demo-opp-1", "title": "Lesepatin oder Lesepate", "description": "Einmal pro Woche "
                  "Kindern vorlesen.", "organisation": "Stadtbücherei", "district": "altstadt",
                  "field_of_action": "bildung", "kind": "opportunity"}]
TOPICS = [{"code": "jugend", "name": "Jugend", "kind": "field_of_action"},
          {"code": "neugablonz", "name": "Neugablonz", "kind": "district"}]
ISSUES = [{"id": "demo-issue-1", "title": "Newsletter März", "sent_at": "2026-03-01T09:00:00+01:00",
           "summary": "Neues aus den Stadtteilen."}]
NEWS = [{"id": "n1", "title": "Neuer Jugendtreff eröffnet", "summary": "Im Haken.", "published_at": "2026-02-01",
         "link": "/projekte/demo-juze-truck"}]


def build_app(state: dict) -> Flask:
    app = Flask("fake_upstream")

    @app.before_request
    def _record():
        state.setdefault("requests", []).append(
            {"method": request.method, "path": request.full_path.rstrip("?"), "headers": dict(request.headers),
             "json": request.get_json(silent=True), "form": request.form.to_dict(), "args": request.args.to_dict()})
        if state.get("slow"):
            time.sleep(state["slow"])

    def listing(items):
        q = (request.args.get("q") or "").lower()
        return jsonify([i for i in items if q in str(i).lower()])

    @app.get("/api/programmes/public/programmes")
    def programmes():
        return listing(PROGRAMMES)

    @app.get("/api/programmes/public/programmes/<pid>")
    def programme(pid):
        if pid != "demo-biwaq":
            return Response('{"status":404,"title":"Nicht gefunden"}', 404, mimetype="application/problem+json")
        return jsonify({**PROGRAMMES[0], "description": "Langtext.", "contact": "Koordinierungsstelle",
                        "projects": [{"id": "demo-juze-truck", "title": "JUZE-Truck", "summary": "Treff."}]})

    @app.get("/api/programmes/public/projects")
    def projects():
        return listing(PROJECTS)

    @app.get("/api/programmes/public/projects/<pid>")
    def project(pid):
        return jsonify(PROJECT_DETAIL)

    @app.get("/api/programmes/public/fields-of-action")
    def fields():
        return jsonify([{"code": "jugend", "name": "Jugend"}, {"code": "bildung", "name": "Bildung"}])

    @app.get("/api/programmes/public/districts")
    def districts():
        return jsonify([{"code": "neugablonz", "name": "Neugablonz"}, {"code": "altstadt", "name": "Altstadt"}])

    @app.get("/api/participation/public/events")
    def events():
        return listing(EVENTS)

    @app.get("/api/participation/public/events/<eid>")
    def event(eid):
        return jsonify({**EVENTS[0], "description": "Bringen Sie kaputte Dinge mit."})

    @app.post("/api/participation/public/events/<eid>/registrations")
    def register(eid):
        body = request.get_json()
        if "@" not in body.get("email", ""):
            return Response('{"status":422,"detail":"Bitte prüfen Sie die markierten Felder.",'
                            '"errors":{"email":["Keine gültige E-Mail-Adresse."]}}', 422,
                            mimetype="application/problem+json")
        return jsonify(state.get("registration_answer", {"status": "confirmed"})), 201  # or "waiting" + position

    @app.post("/api/participation/public/registrations/cancel")
    def cancel():
        return jsonify({"status": "cancelled"})

    @app.get("/api/participation/public/events.ics")
    def ics():
        return Response("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", mimetype="text/calendar")

    @app.get("/api/participation/public/events/<eid>.ics")
    def event_ics(eid):
        return Response("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", mimetype="text/calendar")

    @app.get("/api/participation/public/opportunities")
    def opportunities():
        return listing(OPPORTUNITIES)

    @app.post("/api/participation/public/opportunities/<oid>/signups")
    def signup(oid):
        return jsonify({"status": "pending"}), 202

    @app.post("/api/participation/public/signups/confirm")
    def confirm_signup():
        return jsonify({"status": "confirmed"})

    @app.get("/api/participation/public/decisions")
    def decisions():
        return jsonify([{"number": "2026-01", "title": "Sommerfest", "outcome": "approved", "amount": "1500.00",
                         "decided_on": "2026-02-02", "body": "Begleitausschuss"}])

    @app.post("/api/newsletter/public/subscriptions")
    def subscribe():
        return jsonify({"status": "pending"}), 202

    @app.post("/api/newsletter/public/subscriptions/confirm")
    def confirm():
        if request.get_json().get("token") != "good":
            return Response('{"status":400,"detail":"Der Bestätigungslink ist abgelaufen oder ungültig."}', 400,
                            mimetype="application/problem+json")
        return jsonify({"status": "confirmed"})

    @app.post("/api/newsletter/public/unsubscribe")
    def unsubscribe():
        return jsonify({"status": "unsubscribed"})

    @app.get("/api/newsletter/public/topics")
    def topics():
        return jsonify(TOPICS)

    @app.get("/api/newsletter/public/issues")
    def issues():
        return listing(ISSUES)

    @app.get("/api/newsletter/public/issues/<iid>")
    def issue(iid):
        return jsonify({**ISSUES[0], "items": [{"title": "Repair-Café", "body": "Kommen Sie vorbei.",
                                                "funder_notice": "", "link": "/veranstaltungen/demo-event-1"}]})

    @app.get("/api/newsletter/public/news")
    def news():
        return listing(NEWS)

    @app.get("/api/newsletter/public/feed.rss")
    def rss():
        return Response("<rss version='2.0'><channel><title>Archiv</title></channel></rss>",
                        mimetype="application/rss+xml")

    @app.route("/api/<svc>/echo", methods=["GET", "POST", "PUT"])
    def echo(svc):
        return jsonify(service=svc, method=request.method, headers=dict(request.headers),
                       body=request.get_data(as_text=True), args=request.args.to_dict())

    @app.route("/intern/<svc>/", methods=["GET", "POST"])
    @app.route("/intern/<svc>/<path:rest>", methods=["GET", "POST"])
    def intern(svc, rest=""):
        if rest == "verboten":
            return Response('{"status":403,"title":"Keine Berechtigung","detail":"Nur für die Freigabe."}', 403,
                            mimetype="application/problem+json")
        response = Response(f"<h1>UI {svc}</h1><p>{request.headers.get('Authorization', '')[:7]}</p>",
                            mimetype="text/html")
        response.set_cookie(f"aktiv_{svc}", "svc-session", path=f"/intern/{svc}", httponly=True)
        response.headers.add("Set-Cookie", f"second_{svc}=x; Path=/intern/{svc}")
        return response

    @app.get("/readyz")
    def readyz():
        return jsonify(status="ready")

    @app.get("/openapi.json")
    def openapi():
        return jsonify({"openapi": "3.0.3", "paths": {"/api/x/items": {"get": {
            "summary": "Liste", "x-roles": ["viewer"], "responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Item"}}}}}}}},
            "components": {"schemas": {"Item": {"type": "object"}}}})

    return app


class FakeUpstream:
    def __init__(self) -> None:
        self.state: dict = {}
        self.server = make_server("127.0.0.1", 0, build_app(self.state), threaded=True)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def requests(self) -> list[dict]:
        return self.state.setdefault("requests", [])

    def last(self, path_prefix: str) -> dict:
        return [r for r in self.requests if r["path"].startswith(path_prefix)][-1]
