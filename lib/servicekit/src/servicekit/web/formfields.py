"""Form fields for people, shared by every department UI: amounts typed the German way, codes chosen by
their names as checkboxes, records picked by name (a select that a small script makes searchable), and
wall-clock times in Kaufbeuren that are stored as UTC.

No field ever asks a person for an identifier: the choices carry the ids as values, people see the labels.
"""

from __future__ import annotations

from wtforms import DateTimeLocalField, SelectField, SelectMultipleField, StringField
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from servicekit import formats
from servicekit.web.i18n import select_locale


def _lang() -> str:
    try:
        return select_locale()
    except RuntimeError:  # outside a request (a form built in a test)
        return "de"


class AmountField(StringField):
    """A money amount as a German clerk types it: "12.000,00", "12000", "12000,5" → ``Decimal``.
    Bad input is a field error in the reader's language; the field shows the value back the same way."""

    def __init__(self, label=None, validators=None, places: int = 2, negative: bool = False, **kwargs):
        kwargs.setdefault("render_kw", {}).setdefault("inputmode", "decimal")
        super().__init__(label, validators, **kwargs)
        self.places, self.negative = places, negative

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.raw = valuelist[0]
        try:
            self.data = formats.parse_amount(valuelist[0], places=self.places, negative=self.negative,
                                             lang=_lang())
        except formats.AmountError as exc:
            self.data = None
            raise ValueError(exc.english if _lang() == "en" else str(exc)) from None

    def pre_validate(self, form):
        if self.process_errors:  # not an amount: say that, and not also "required" (which would replace it)
            raise StopValidation()

    def _value(self):
        if getattr(self, "raw", None) is not None and self.errors:
            return self.raw  # show what was typed, so the clerk can correct it
        return "" if self.data is None else formats.number(self.data, self.places, _lang())


class CheckboxesField(SelectMultipleField):
    """Several codes chosen by their names, one checkbox each (no Ctrl-click). ``choices`` = (code, name)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PickerField(SelectField):
    """One record chosen by its name. A plain select without JavaScript; with it, the kit's ``picker.js``
    adds a search box above a long list. ``choices`` = (id, name); the first choice may be ("", "– bitte
    wählen –")."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {}).setdefault("data-picker", "")
        super().__init__(label, validators, **kwargs)


class LocalDateTimeField(DateTimeLocalField):
    """A date and time typed as it reads on the clock in Kaufbeuren; ``data`` is the aware UTC instant.
    Give it a stored instant (``obj=`` or ``data=``) and it shows the Berlin wall-clock time."""

    def __init__(self, label=None, validators=None, format="%Y-%m-%dT%H:%M", **kwargs):  # noqa: A002
        super().__init__(label, validators, format=format, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = formats.from_local_input(self.data)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        local = formats.to_local_input(self.data) if self.data else None
        return local.strftime(self.format[0]) if local else ""
