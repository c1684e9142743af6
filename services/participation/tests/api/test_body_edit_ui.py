"""Issue 12: a body (Gremium) is changed in the department UI, no longer only through
``PATCH /api/participation/bodies/<id>``. The "Bearbeiten" form on the body's page is prefilled, picks the programme
by its name and the fields of action by theirs, refuses bad input with a field message in the reader's language and
saves through the same service function as the API, so the other services hear of a change
(``participation.body.updated.v1``) and of no save that changes nothing. Viewers get no form.
Driven like a browser: get the page, read the form as it is filled in, change what a clerk changes, submit."""

import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from participation.bootstrap import SPEC
from participation.service_layer.inbound import on_programme

HTML = {"Accept": "text/html"}
BASE = "/intern/participation"
UPDATED = "participation.body.updated.v1"


class _EditForm(HTMLParser):
    """What a browser submits for the form whose action ends in ``/bearbeiten``: text inputs, the selected option,
    the checked checkboxes, the textarea; plus each option's and checkbox's visible name."""

    def __init__(self):
        super().__init__()
        self.action, self.data, self.options, self.checkboxes = None, {}, {}, {}
        self._in, self._select, self._option, self._textarea, self._label_for = False, None, None, None, None
        self._ids = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in = a.get("action", "").endswith("/bearbeiten")
            self.action = a["action"] if self._in else self.action
        if not self._in:
            return
        if tag == "input" and a.get("type") == "checkbox":
            self._ids[a["id"]] = a["value"]
            if "checked" in a:
                self.data.setdefault(a["name"], []).append(a["value"])
        elif tag == "input":
            self.data[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
            self.data.setdefault(self._select, "")
        elif tag == "option":
            self._option = a["value"]
            if "selected" in a:
                self.data[self._select] = a["value"]
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[self._textarea] = ""
        elif tag == "label" and a.get("for") in self._ids:
            self._label_for = a["for"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._in = False
        self._select = None if tag == "select" else self._select
        self._option = None if tag == "option" else self._option
        self._textarea = None if tag == "textarea" else self._textarea
        self._label_for = None if tag == "label" else self._label_for

    def handle_data(self, data):
        if self._option is not None:
            self.options[data.strip()] = self._option
        elif self._textarea:
            self.data[self._textarea] += data
        elif self._label_for:
            self.checkboxes[data.strip()] = self._ids[self._label_for]


def edit_form(html: str) -> _EditForm:
    parser = _EditForm()
    parser.feed(html)
    assert parser.action, "no form to change the body"
    parser.data["description"] = parser.data.get("description", "").removeprefix("\r\n")  # as a browser reads it
    return parser


@pytest.fixture
def ui(svc):
    """The demo data, and two programmes the programmes service announced (the demo's own programme it did not)."""
    SPEC.seed(svc.runtime)
    with svc.runtime.uow() as w:
        for n, (pid, name) in enumerate((("3f2a9c0d4b5e46f7a8b9c0d1e2f3a4b5", "Demokratie leben!"),
                                         ("9e8d7c6b5a4f43e2d1c0b9a8f7e6d5c4", "Soziale Stadt Neugablonz")), 1):
            on_programme(w, SimpleNamespace(sequence=n, data={"programme_id": pid, "name": name,
                                                              "status": "running"}))
        w.commit()
    svc.html = {**svc.editor, **HTML}
    svc.page = lambda url: svc.client.get(url, headers=svc.html)
    svc.submit = lambda url, data, **kw: svc.client.post(url, headers=svc.html, data=data, **kw)
    return svc


@pytest.fixture
def forum(ui):
    made = ui.post("/api/participation/bodies", {
        "name": "Jugendforum Kaufbeuren", "type": "arbeitskreis", "fields_of_action": ["jugend", "kultur"],
        "quorum_percent": 50, "description": "Junge Leute beraten den Stadtrat."}).json
    return {**made, "url": f"{BASE}/gremien/{made['id']}"}


def _audit(ui, body_id) -> list[tuple[str, str]]:
    log = SPEC.metadata.tables["audit_log"]
    with ui.runtime.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(log.c.action, log.c.actor).where(
            log.c.entity == "body", log.c.entity_id == body_id).order_by(log.c.id))]


def test_a_body_is_renamed_through_its_form_and_the_other_services_hear_of_it(ui, forum):
    page = ui.page(forum["url"])
    assert page.status_code == 200
    assert '<summary class="button secondary">Bearbeiten</summary>' in page.text and "Gremium bearbeiten" in page.text
    form = edit_form(page.text)
    assert form.data["name"] == "Jugendforum Kaufbeuren" and form.data["quorum_percent"] == "50"
    assert form.data["fields_of_action"] == ["jugend", "kultur"] and form.data["programme_id"] == ""
    assert form.data["description"] == "Junge Leute beraten den Stadtrat."
    # picked by names; the type is not offered (its decision prefix stays)
    assert {"– kein Programm –", "Demokratie leben!", "Soziale Stadt Neugablonz"} <= set(form.options)
    assert {"Jugend", "Kultur", "Integration"} <= set(form.checkboxes)
    assert "type" not in form.data and "Kennung" not in page.text

    saved = ui.submit(form.action, {**form.data, "name": "Jugendforum KF",
                                    "programme_id": form.options["Soziale Stadt Neugablonz"],
                                    "fields_of_action": [form.checkboxes["Jugend"], form.checkboxes["Integration"]],
                                    "quorum_percent": "60"}, follow_redirects=True)
    assert saved.status_code == 200 and "Gremium „Jugendforum KF“ wurde gespeichert." in saved.text
    assert "<h1>Jugendforum KF</h1>" in saved.text and "Soziale Stadt Neugablonz" in saved.text
    assert "Jugend, Integration" in saved.text and "mehr als 60 % der stimmberechtigten Mitglieder" in saved.text
    assert edit_form(saved.text).data["name"] == "Jugendforum KF"  # the form shows what is stored now

    got = ui.get(f"/api/participation/bodies/{forum['id']}").json
    assert (got["name"], got["type"], got["prefix"], got["programme_id"], got["fields_of_action"],
            got["quorum_percent"]) == ("Jugendforum KF", "arbeitskreis", forum["prefix"],
                                       "9e8d7c6b5a4f43e2d1c0b9a8f7e6d5c4", ["jugend", "integration"], 60)
    assert ui.events(UPDATED) == [{"body_id": forum["id"], "name": "Jugendforum KF", "body_type": "arbeitskreis",
                                   "programme_id": "9e8d7c6b5a4f43e2d1c0b9a8f7e6d5c4"}]
    assert _audit(ui, forum["id"]) == [("created", "netz"), ("updated", "netz")]
    listed = ui.page(f"{BASE}/gremien?q=Jugendforum")
    assert "Jugendforum KF" in listed.text and "Jugendforum Kaufbeuren" not in listed.text


@pytest.mark.parametrize("quorum, message", [("100", "Zahl muss zwischen 1 und 99 liegen."),
                                             ("viel", "Keine gültige, ganze Zahl."),
                                             ("", "Dieses Feld wird benötigt.")])
def test_a_bad_quorum_is_a_german_field_error_and_changes_nothing(ui, forum, quorum, message):
    form = edit_form(ui.page(forum["url"]).text)
    bad = ui.submit(form.action, {**form.data, "name": "Jugendforum KF", "quorum_percent": quorum})
    assert bad.status_code == 422 and "Bitte korrigieren Sie die Eingaben" in bad.text
    assert re.search(r'<details class="edit" id="bearbeiten" open>', bad.text)  # the form stays open
    assert re.search(r'id="quorum_percent"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="quorum_percent"',
                     bad.text)
    assert f'<p class="error" id="quorum_percent-err">{message}</p>' in bad.text
    assert 'value="Jugendforum KF"' in bad.text  # what was typed is shown again to be corrected
    assert "<h1>Jugendforum Kaufbeuren</h1>" in bad.text
    got = ui.get(f"/api/participation/bodies/{forum['id']}").json
    assert (got["name"], got["quorum_percent"]) == ("Jugendforum Kaufbeuren", 50)
    assert ui.events(UPDATED) == [] and _audit(ui, forum["id"]) == [("created", "netz")]


def test_other_bad_input_is_refused_on_its_field(ui, forum):
    form = edit_form(ui.page(forum["url"]).text)
    bad = ui.submit(form.action, {**form.data, "name": "X", "programme_id": "irgendein-programm",
                                  "fields_of_action": ["jugend", "mondfahrt"]})
    assert bad.status_code == 422
    for name in ("name", "programme_id"):
        assert f'id="{name}-err"' in bad.text
    assert 'id="fields_of_action-err"' in bad.text  # a code that is no field of action
    assert ui.events(UPDATED) == []
    assert ui.get(f"/api/participation/bodies/{forum['id']}").json["name"] == "Jugendforum Kaufbeuren"


def test_saving_the_form_unchanged_changes_nothing_and_keeps_a_programme_no_longer_announced(ui):
    """The demo's Begleitausschuss belongs to a programme the programmes service has not announced here: its page
    names no identifier, and saving the prefilled form keeps the programme and announces nothing."""
    url = f"{BASE}/gremien/demo-begleitausschuss"
    before = ui.get("/api/participation/bodies/demo-begleitausschuss").json
    page = ui.page(url)
    form = edit_form(page.text)
    assert form.options["(im Programmdienst nicht gefunden)"] == before["programme_id"]
    assert form.data["programme_id"] == before["programme_id"]
    assert re.search(r'<option selected value="[^"]+">\(im Programmdienst nicht gefunden\)</option>', page.text)
    same = ui.submit(form.action, form.data, follow_redirects=True)
    assert same.status_code == 200 and "Keine Änderungen: „" in same.text
    # the same fields of action ticked in another order are no change either
    ui.submit(form.action, {**form.data, "fields_of_action": list(reversed(form.data["fields_of_action"]))})
    assert ui.get("/api/participation/bodies/demo-begleitausschuss").json == before
    assert ui.events(UPDATED) == [] and [a for a, _ in _audit(ui, "demo-begleitausschuss")] == ["created"]


def test_the_form_in_english(ui, forum):
    page = ui.client.get(f"{forum['url']}?lang=en", headers=ui.html)
    assert ">Edit</summary>" in page.text and "Edit committee" in page.text
    assert "Gremium bearbeiten" not in page.text
    form = edit_form(page.text)
    bad = ui.client.post(f"{form.action}?lang=en", headers=ui.html, data={**form.data, "quorum_percent": "100"})
    assert bad.status_code == 422 and "Please correct your entries" in bad.text
    assert '<p class="error" id="quorum_percent-err">Number must be between 1 and 99.</p>' in bad.text
    saved = ui.client.post(f"{form.action}?lang=en", headers=ui.html, follow_redirects=True,
                           data={**form.data, "name": "Youth Forum"})
    assert "Committee “Youth Forum” saved." in saved.text
    unchanged = ui.client.post(f"{form.action}?lang=en", headers=ui.html, follow_redirects=True,
                               data={**form.data, "name": "Youth Forum"})
    assert "No changes: “Youth Forum” stays as it was." in unchanged.text
    assert [e["name"] for e in ui.events(UPDATED)] == ["Youth Forum"]


def test_a_viewer_gets_no_form_and_may_not_change_a_body(ui, forum):
    viewer = {**ui.viewer, **HTML}
    page = ui.client.get(forum["url"], headers=viewer)
    assert page.status_code == 200 and "<h1>Jugendforum Kaufbeuren</h1>" in page.text
    assert "Bearbeiten" not in page.text and "/bearbeiten" not in page.text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', ui.page(forum["url"]).text).group(1)
    refused = ui.client.post(f"{forum['url']}/bearbeiten", headers=viewer,
                             data={"csrf_token": token, "name": "Übernommen", "quorum_percent": "50"})
    assert refused.status_code == 403
    assert ui.get(f"/api/participation/bodies/{forum['id']}").json["name"] == "Jugendforum Kaufbeuren"
    assert ui.events(UPDATED) == []
