"""The kit's form fields as a clerk meets them: German amounts with German errors, names instead of codes."""

from datetime import UTC, datetime
from decimal import Decimal

from flask import Flask
from werkzeug.datastructures import MultiDict

from servicekit.web.formfields import AmountField, CheckboxesField, LocalDateTimeField, PickerField
from servicekit.web.ui import BaseForm


class _Form(BaseForm):
    amount = AmountField("Betrag")
    districts = CheckboxesField("Stadtteile", choices=[("neugablonz", "Neugablonz"), ("oberbeuren", "Oberbeuren")])
    project = PickerField("Projekt", choices=[("", "– bitte wählen –"), ("p1", "Juze-Truck")])
    starts = LocalDateTimeField("Beginn")


def _app() -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="x", WTF_CSRF_ENABLED=False)
    return app


def test_a_german_amount_is_a_decimal_and_is_shown_back_the_german_way():
    with _app().test_request_context("/"):
        form = _Form(MultiDict({"amount": "12.000,5", "districts": ["neugablonz"], "project": "p1",
                                "starts": "2026-07-01T18:00"}))
        assert form.validate(), form.errors
        assert form.amount.data == Decimal("12000.50") and 'value="12.000,50"' in form.amount()
        assert form.districts.data == ["neugablonz"] and 'type="checkbox"' in form.districts()
        assert form.starts.data == datetime(2026, 7, 1, 16, 0, tzinfo=UTC)  # 18:00 summer time in Kaufbeuren
        assert "data-picker" in form.project() and "Juze-Truck" in form.project()


def test_a_bad_amount_is_a_german_field_error_and_keeps_what_was_typed():
    with _app().test_request_context("/"):
        form = _Form(MultiDict({"amount": "12,000,00"}))
        assert not form.validate()
        assert form.errors["amount"] == ["Bitte einen Betrag wie „12.000,00“ oder „12000“ eingeben."]
        assert 'value="12,000,00"' in form.amount()


def test_a_stored_instant_is_shown_as_berlin_wall_clock_time():
    with _app().test_request_context("/"):
        form = _Form(data={"starts": datetime(2026, 12, 1, 17, 0, tzinfo=UTC)})
        assert 'value="2026-12-01T18:00"' in form.starts()


def test_an_actor_is_shown_by_name_or_label_never_by_account_id():
    from servicekit.web.ui import wer

    with _app().test_request_context("/"):
        at = datetime(2026, 12, 7, 11, 42, tzinfo=UTC)
        assert wer("Frieda Freigabe", "3508e666-0000-4000-8000-000000000000", at) == \
            "Frieda Freigabe, 07.12.2026, 12:42 Uhr"
        assert wer("", "radar") == "automatisch (Fristen-Radar)"
        assert wer("", "ereignis:programmes.project.published") == "automatisch (Ereignis einer anderen Abteilung)"
        assert wer(None, "3508e666-0000-4000-8000-000000000000") == "unbekanntes Konto"
