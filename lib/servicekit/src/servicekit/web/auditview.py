"""Audit entries as people read them: who by name with the Berlin time, the action's human label, and the
changes as field label → value (money in euro, dates the German way, Ja/Nein), never raw JSON.

    view = audit_view(entries, ACTIONS, FIELDS, values={"funder_id": funder_names.get})
    {% from "servicekit/audit.html" import audit_table %}{{ audit_table(view) }}

``actions`` = {action: (German, English)}; ``fields`` = {field: (German, English)} or (German, English, kind)
with kind ``money`` (decimal text → 12.000,00 €), ``rate`` (a fraction "0.90" → 90,0 %), ``percent`` (90 →
90,0 %), ``date`` or ``text``. A field without a label is not shown (that is where ids live), nor is a value
that is still an id (UUID, 32 hex digits); ``values`` = {field: mapping or function} turns a code or an id into
its name (a ``str``, or a (German, English) pair).
ISO dates and instants are recognised without a kind; a ``{"vorher": a, "nachher": b}`` change reads "a → b";
a nested record (a funder's rules) lists its labelled fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from servicekit import formats

Labels = Mapping[str, tuple]

HEADINGS = {"title": ("Änderungsprotokoll", "Change log"), "when": ("Zeitpunkt", "When"),
            "who": ("Person", "By"), "action": ("Aktion", "Action"), "changes": ("Änderungen", "Changes"),
            "empty": ("Keine Einträge.", "No entries.")}
OTHER_ACTION = ("Änderung", "change")
UNKNOWN = ("unbekannt", "unknown")
YES_NO = {True: ("Ja", "Yes"), False: ("Nein", "No")}
BEFORE_AFTER = (("vorher", "nachher"), ("before", "after"), ("old", "new"))
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_ID = re.compile(r"^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$", re.I)


@dataclass(frozen=True)
class AuditRow:
    when: str
    who: str
    action: str
    changes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def by(self) -> str:
        """"Frieda Freigabe, 07.12.2026, 12:42 Uhr"."""
        return f"{self.who}, {self.when}"


@dataclass(frozen=True)
class AuditView:
    rows: list[AuditRow]
    headings: dict[str, str]


def _lang(lang: str | None) -> str:
    if lang:
        return lang
    try:
        from servicekit.web.i18n import select_locale

        return select_locale()
    except RuntimeError:  # outside a request
        return "de"


def _pick(pair: tuple, lang: str) -> str:
    return str(pair[1] if lang == "en" and len(pair) > 1 and pair[1] else pair[0])


def format_value(value, kind: str | None = None, lang: str = "de") -> str:
    """One stored value as a person reads it (see the module doc for the kinds)."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _pick(YES_NO[value], lang)
    if isinstance(value, list | tuple):
        return ", ".join(format_value(v, kind, lang) for v in value)
    try:
        if kind == "money":
            return formats.money(value, lang)
        if kind == "rate":
            return formats.percent(formats.parse_amount(str(value), places=6, lang="en") * 100, lang)
        if kind == "percent":
            return formats.percent(value, lang)
    except (ValueError, ArithmeticError):
        return str(value)
    if isinstance(value, datetime | date):
        return formats.when(value, lang)
    if isinstance(value, str) and (_ISO_DATE.match(value) or _ISO_INSTANT.match(value)):
        return formats.when(value, lang)
    if isinstance(value, float):
        return formats.number(value, 2, lang)
    return str(value)  # an int is a count, a year or a version: 2026, not "2.026"


def _named(value, resolve):
    if resolve is None:
        return value
    lookup = resolve.get if isinstance(resolve, Mapping) else resolve
    if isinstance(value, list | tuple):
        return [_named(v, resolve) for v in value]
    named = lookup(value)
    return value if named is None else named


def _no_ids(value, lang):
    """What is still an id after naming (a reference nobody could name) reads "unbekannt"."""
    if isinstance(value, str) and _ID.match(value):
        return _pick(UNKNOWN, lang)
    if isinstance(value, list):
        return [_no_ids(v, lang) for v in value]
    return value


def _changes(changes, fields: Labels, values: Mapping, lang: str) -> list[tuple[str, str]]:
    if not isinstance(changes, Mapping):
        return []
    out = []
    for key, raw in changes.items():
        label = fields.get(key)
        if label is None:
            continue
        kind = label[2] if len(label) > 2 else None
        if isinstance(raw, str) and _ID.match(raw) and values.get(key) is None:
            continue
        out.append((_pick(label, lang), _value(raw, kind, fields, values.get(key), values, lang)))
    return out


def _value(raw, kind, fields, resolve, values, lang) -> str:
    if isinstance(raw, Mapping) and callable(resolve) and not isinstance(resolve, Mapping):
        named = resolve(raw)  # a record (e.g. the split over funders) that only its owner can name
        return _pick(named, lang) if isinstance(named, tuple) else ("–" if named is None else str(named))
    if isinstance(raw, Mapping):
        for old, new in BEFORE_AFTER:
            if old in raw or new in raw:
                return (f"{_value(raw.get(old), kind, fields, resolve, values, lang)} → "
                        f"{_value(raw.get(new), kind, fields, resolve, values, lang)}")
        inner = _changes(raw, fields, values, lang)
        return "; ".join(f"{k}: {v}" for k, v in inner) if inner else "–"
    named = _no_ids(_named(raw, resolve), lang)  # a reference the resolver does not know: never the id itself
    if named is not raw and isinstance(named, tuple):
        return _pick(named, lang)
    if isinstance(named, list):
        return ", ".join(  # an empty list reads "–" like any empty value
            _pick(v, lang) if isinstance(v, tuple) else format_value(v, kind, lang) for v in named) or "–"
    return format_value(named, kind if named is raw else "text", lang)


def describe(record: Mapping, fields: Labels, *, values: Mapping | None = None,
             lang: str | None = None) -> list[tuple[str, str]]:
    """A record (a change, a funder's rules) as [(label, value)] the same way the change log shows it."""
    return _changes(record, fields, values or {}, _lang(lang))


def audit_rows(entries: Iterable[Mapping], actions: Labels, fields: Labels, *, values: Mapping | None = None,
               lang: str | None = None) -> list[AuditRow]:
    """``entries``: audit-log rows (``at``, ``actor``, ``actor_name``, ``action``, ``changes``)."""
    from servicekit.web.ui import wer

    lang = _lang(lang)
    rows = []
    for e in entries:
        rows.append(AuditRow(
            when=formats.when(e.get("at"), lang),
            who=wer(e.get("actor_name"), e.get("actor"), sprache=lang),
            action=_pick(actions.get(e.get("action"), OTHER_ACTION), lang),
            changes=_changes(e.get("changes"), fields, values or {}, lang)))
    return rows


def audit_view(entries: Iterable[Mapping], actions: Labels, fields: Labels, *,
               values: Mapping[str, Mapping | Callable] | None = None, lang: str | None = None) -> AuditView:
    """The rows plus the table's headings in the reader's language, for the ``audit_table`` macro."""
    lang = _lang(lang)
    return AuditView(rows=audit_rows(entries, actions, fields, values=values, lang=lang),
                     headings={k: _pick(v, lang) for k, v in HEADINGS.items()})
