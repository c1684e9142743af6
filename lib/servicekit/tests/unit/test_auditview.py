"""The change log as a clerk reads it: names, Berlin time, words for actions, labelled values, no JSON."""

from datetime import UTC, datetime

from flask import Flask, render_template_string

from servicekit.web.auditview import audit_rows, audit_view, format_value

ACTIONS = {"awarded": ("Bewilligung erfasst", "grant recorded"), "amended": ("Änderungsbescheid", "amendment")}
FIELDS = {"amount": ("Betrag", "Amount", "money"), "period_end": ("Ende", "End"), "public": ("Öffentlich", "Public"),
          "funder_id": ("Geber", "Funder"), "type": ("Art", "Type"), "rules": ("Regeln", "Rules"),
          "max_rate": ("Höchstquote", "Maximum rate", "rate"), "reason": ("Anlass", "Reason"),
          "project_id": ("Projekt", "Project")}
ENTRY = {"at": datetime(2026, 12, 7, 11, 42, tzinfo=UTC), "actor": "u-frieda", "actor_name": "Frieda Freigabe",
         "action": "awarded", "changes": {"id": "3508e666a1b2c3d4e5f6a7b8c9d0e1f2", "amount": "16000.00",
                                          "period_end": "2027-12-31", "public": True, "funder_id": "demo-bosch",
                                          "type": "foundation", "reason": "Mehrbedarf für Übernachtung",
                                          "project_id": "3508e666a1b2c3d4e5f6a7b8c9d0e1f2"}}


def test_an_entry_reads_as_name_berlin_time_words_and_labelled_values():
    [row] = audit_rows([ENTRY], ACTIONS, FIELDS, lang="de",
                       values={"funder_id": {"demo-bosch": "Robert-Bosch-Stiftung"},
                               "type": {"foundation": ("Stiftung", "Foundation")}})
    assert row.by == "Frieda Freigabe, 07.12.2026, 12:42 Uhr"  # 11:42 UTC is 12:42 in Kaufbeuren (winter)
    assert row.action == "Bewilligung erfasst"
    assert row.changes == [("Betrag", "16.000,00 €"), ("Ende", "31.12.2027"), ("Öffentlich", "Ja"),
                           ("Geber", "Robert-Bosch-Stiftung"), ("Art", "Stiftung"),
                           ("Anlass", "Mehrbedarf für Übernachtung")]  # no "id", no unnamed project id


def test_english_reader_gets_english_labels_and_formats():
    [row] = audit_rows([ENTRY], ACTIONS, FIELDS, lang="en", values={"type": {"foundation": ("Stiftung", "Foundation")}})
    assert row.by == "Frieda Freigabe, 7 Dec 2026, 12:42" and row.action == "grant recorded"
    assert ("Amount", "€16,000.00") in row.changes and ("Public", "Yes") in row.changes
    assert ("Type", "Foundation") in row.changes and ("End", "31 Dec 2027") in row.changes


def test_before_after_nested_rules_unknown_actions_and_unknown_actors():
    entry = {"at": "2026-07-01T08:00:00+00:00", "actor": "radar", "actor_name": "", "action": "ending_soon",
             "changes": {"amount": {"vorher": "8000.00", "nachher": "9000.00"},
                         "rules": {"max_rate": "0.90", "joint_group": "biwaq"},
                         "funder_id": "0f8fad5b-d9cb-469f-a165-70867728950e"}}
    [row] = audit_rows([entry], ACTIONS, FIELDS, lang="de", values={"funder_id": {}})
    assert row.who == "automatisch (Fristen-Radar)" and row.when == "01.07.2026, 10:00 Uhr"
    assert row.action == "Änderung"  # never the English action name
    assert row.changes == [("Betrag", "8.000,00 € → 9.000,00 €"), ("Regeln", "Höchstquote: 90,0 %"),
                           ("Geber", "unbekannt")]


def test_values_are_formatted_one_way():
    assert format_value(None) == "–" and format_value(False) == "Nein" and format_value(False, lang="en") == "No"
    assert format_value("1234.5", "money") == "1.234,50 €" and format_value("0.125", "rate") == "12,5 %"
    assert format_value(["a", "b"]) == "a, b" and format_value(3) == "3" and format_value("kein Betrag", "money") \
        == "kein Betrag"


def test_the_macro_renders_a_table_without_json():
    app = Flask(__name__)
    app.jinja_loader = __import__("jinja2").PackageLoader("servicekit.web", "templates")
    with app.test_request_context("/"):
        view = audit_view([ENTRY], ACTIONS, FIELDS, lang="de")
        html = render_template_string('{% from "servicekit/audit.html" import audit_table %}{{ audit_table(view) }}',
                                      view=view)
        empty = render_template_string('{% from "servicekit/audit.html" import audit_table %}{{ audit_table(v) }}',
                                       v=audit_view([], ACTIONS, FIELDS, lang="en"))
    assert "<h2" in html and "Änderungsprotokoll" in html and "<li>Betrag: 16.000,00 €</li>" in html
    assert ('<strong class="audit-action">Bewilligung erfasst</strong> – <span class="audit-who">Frieda Freigabe'
            '</span>, <span class="audit-when">07.12.2026, 12:42 Uhr</span>') in html
    assert "{" not in html and "\\u00" not in html and "3508e666" not in html
    assert "Change log" in empty and "No entries." in empty


def test_years_and_versions_stay_plain_and_a_record_can_be_named_by_a_function():
    entry = {"at": None, "actor": "system", "action": "booked",
             "changes": {"year": 2026, "shares": {"f1": "10.00", "f2": "5.00"}}}
    fields = {"year": ("Jahr", "Year"), "shares": ("Aufteilung", "Split")}
    [row] = audit_rows([entry], {}, fields, lang="de",
                       values={"shares": lambda d: " + ".join(format_value(v, "money") for v in d.values())})
    assert row.changes == [("Jahr", "2026"), ("Aufteilung", "10,00 € + 5,00 €")]
    assert row.who == "automatisch (System)" and row.when == "–"


def test_a_list_of_references_is_named_and_never_shows_an_id():
    entry = {"at": None, "actor": "system", "action": "updated",
             "changes": {"excluded": ["demo-bund", "0f8fad5bd9cb469fa16570867728950e"], "cats": ["fees"]}}
    fields = {"excluded": ("Nicht mit", "Not with"), "cats": ("Kategorien", "Categories")}
    [row] = audit_rows([entry], {}, fields, lang="en", values={"excluded": {"demo-bund": "Bund"}.get,
                                                                "cats": {"fees": ("Honorare", "Fees")}})
    assert row.changes == [("Not with", "Bund, unknown"), ("Categories", "Fees")]


def test_a_record_is_described_like_a_change():
    from servicekit.web.auditview import describe

    rules = {"max_rate": "0.8", "taper": ["0.80", "0.60"], "internal": "x"}
    fields = {"max_rate": ("Höchstquote", "Maximum rate", "rate"), "taper": ("Anschub", "Start-up", "rate")}
    assert describe(rules, fields, lang="de") == [("Höchstquote", "80,0 %"), ("Anschub", "80,0 %, 60,0 %")]
    assert describe({"taper": []}, fields) == [("Anschub", "–")]


def test_the_macro_lists_the_newest_change_first():
    app = Flask(__name__)
    app.jinja_loader = __import__("jinja2").PackageLoader("servicekit.web", "templates")
    older = {**ENTRY, "at": datetime(2026, 1, 2, 9, 0, tzinfo=UTC)}
    newer = {**ENTRY, "action": "amended", "at": datetime(2026, 3, 4, 9, 0, tzinfo=UTC)}
    with app.test_request_context("/"):
        html = render_template_string('{% from "servicekit/audit.html" import audit_table %}{{ audit_table(v) }}',
                                      v=audit_view([older, newer], ACTIONS, FIELDS, lang="de"))
    assert html.index("Änderungsbescheid") < html.index("Bewilligung erfasst")
