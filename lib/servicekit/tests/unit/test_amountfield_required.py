"""A required amount that is no amount says so in German, and not "required" instead."""

from flask import Flask
from wtforms.validators import DataRequired, NumberRange

from servicekit.web.formfields import AmountField
from servicekit.web.ui import BaseForm


class _Form(BaseForm):
    budget = AmountField("Budget", validators=[DataRequired(), NumberRange(min=0.01)])


def _app() -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="x", WTF_CSRF_ENABLED=False)
    return app


def test_a_required_amount_that_is_no_amount_keeps_its_own_message():
    with _app().test_request_context("/", method="POST", data={"budget": "12.000,5x"}):
        form = _Form()
        assert not form.validate()
        assert form.budget.errors == ["Bitte einen Betrag wie „12.000,00“ oder „12000“ eingeben."]
        assert 'value="12.000,5x"' in form.budget()
    with _app().test_request_context("/", method="POST", data={"budget": ""}):
        form = _Form()
        assert not form.validate() and len(form.budget.errors) == 1  # empty: the required message alone
    with _app().test_request_context("/", method="POST", data={"budget": "27.500"}):
        form = _Form()
        assert form.validate() and str(form.budget.data) == "27500.00"
