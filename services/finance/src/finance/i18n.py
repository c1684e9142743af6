"""Finance messages in the reader's language (German first, English second), on top of ``servicekit.web.i18n``.

Domain and service messages are :class:`Msg` values: a German ``str`` wherever they go (API problem details,
events, audit log, the proof-of-use export), which remembers its template and values so a screen can show it in
English. What the kit's ``tr`` does not cover is handled here:

- values inside a message: labels (a status or cost-category name) are :class:`Msg` values themselves, and
  amounts, rates and dates are :class:`~finance.domain.money.Figure` values; :func:`translate` translates the
  labels and writes the figures the reader's way (``€1,234.50`` on an English screen);
- a plan version's failures are stored as JSON: :func:`to_json` keeps template and values next to the German
  text, :func:`from_json` turns them back into a :class:`Msg` (the API shows only the German text);
- exceptions: :func:`explain` shows an exception's message (or its list of problems) in the reader's language;
- German text stored without its values (an action fund's refusal reason): :func:`from_text` finds them again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from flask import has_request_context

from finance.domain.money import Figure
from servicekit.web.i18n import Msg, select_locale, tr

_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")
_GERMAN_EURO = re.compile(r"-?\d{1,3}(?:\.\d{3})*,\d{2} €|-?\d+,\d{2} €")
_GERMAN_PERCENT = re.compile(r"-?\d+(?:,\d+)? %")


def to_json(message) -> dict | None:
    """Template and values of a :class:`Msg` as JSON-ready data (None for plain text)."""
    if not isinstance(message, Msg):
        return None
    return {"template": str(message.template), "params": {k: _value_to_json(v) for k, v in message.params.items()}}


def _value_to_json(value):
    if isinstance(value, Msg):
        return to_json(value)
    if isinstance(value, Figure):
        raw = value.value.isoformat() if isinstance(value.value, date) else str(value.value)
        return {"figure": value.kind, "text": str(value), "value": raw}
    return value


def from_json(data: dict) -> Msg:
    template = data["template"]
    params = {k: _value_from_json(v) for k, v in (data.get("params") or {}).items()}
    return Msg(template, **params)


def _value_from_json(value):
    if isinstance(value, dict) and "template" in value:
        return from_json(value)
    if isinstance(value, dict) and "figure" in value:
        kind, raw = value["figure"], value.get("value")
        parsed = date.fromisoformat(raw) if kind == "date" else Decimal(raw)
        return Figure(value["text"], kind, parsed)
    return value


def _english() -> bool:
    return has_request_context() and select_locale() == "en"


def written(figure: Figure) -> str:
    """A figure the reader's way: the German text as it is, on an English screen with the kit's filters."""
    if not _english() or figure.value is None:
        return str(figure)
    from servicekit.web.ui import datum, euro, prozent

    if figure.kind == "euro":
        return euro(figure.value)
    if figure.kind == "percent":
        return prozent(figure.value * 100)
    if figure.kind == "date":
        return datum(figure.value)
    return str(figure)


def translate(message) -> str:
    """``tr`` that also translates the labels a message carries as values (e.g. „Entwurf“ in a status refusal) and
    writes its amounts, rates and dates the reader's way."""
    if isinstance(message, Msg) and any(isinstance(v, Msg | Figure) for v in message.params.values()):
        message = Msg(message.template, **{k: translate(v) if isinstance(v, Msg) else
                                           written(v) if isinstance(v, Figure) else v
                                           for k, v in message.params.items()})
    return tr(message)


def explain(exc: BaseException) -> str:
    """An exception's message for the screen: its ``problems`` (several rule violations) or its first argument."""
    parts = getattr(exc, "problems", None) or (exc.args[:1] if exc.args else [str(exc)])
    return " ".join(translate(p) for p in parts)


def failure_text(failure: dict) -> str:
    """A stored or fresh plan failure (``{"rule", "rule_name", "message", …}``) in the reader's language. Versions
    saved before the failures kept their template show the German text."""
    if failure.get("template"):
        return translate(from_json(failure))
    return tr(failure.get("message"))


def _figure_from_text(text: str):
    if _GERMAN_EURO.fullmatch(text):
        return Figure(text, "euro", Decimal(text[:-2].replace(".", "").replace(",", ".")))
    if _GERMAN_PERCENT.fullmatch(text):
        return Figure(text, "percent", Decimal(text[:-2].replace(",", ".")) / 100)
    return text


def from_text(text: str, templates: Iterable[str]) -> Msg | str:
    """The :class:`Msg` that ``text`` was made from, for German text stored without its values (e.g. a refusal
    reason in a table); German amounts and rates among the values become figures again. ``text`` itself if no
    template produces it."""
    for template in templates:
        parts, names, pos = [], [], 0
        for m in _PLACEHOLDER.finditer(template):
            parts.append(re.escape(template[pos:m.start()]))
            if m.group(1):
                names.append(m.group(1))
                parts.append(f"(?P<{m.group(1)}>.+?)" if names.count(m.group(1)) == 1 else f"(?P={m.group(1)})")
            else:
                parts.append("%")
            pos = m.end()
        parts.append(re.escape(template[pos:]))
        found = re.fullmatch("".join(parts), text, re.DOTALL)
        if found is None:
            continue
        message = Msg(template, **{k: _figure_from_text(v) for k, v in found.groupdict().items()}) if names \
            else Msg(template)
        if message == text:
            return message
    return text
