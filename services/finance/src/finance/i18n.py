"""Finance messages in the reader's language (German first, English second), on top of ``servicekit.web.i18n``.

Domain and service messages are :class:`Msg` values: a German ``str`` wherever they go (API problem details,
events, audit log, the proof-of-use export), which remembers its template and values so a screen can show it in
English. Three things the kit's ``tr`` does not cover are handled here:

- a plan version's failures are stored as JSON: :func:`to_json` keeps template and values next to the German
  text, :func:`from_json` turns them back into a :class:`Msg` (the API shows only the German text);
- labels inside a message (a status or cost-category name) are :class:`Msg` values themselves:
  :func:`translate` translates them too;
- exceptions: :func:`explain` shows an exception's message (or its list of problems) in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from servicekit.web.i18n import Msg, tr

_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def to_json(message) -> dict | None:
    """Template and values of a :class:`Msg` as JSON-ready data (None for plain text)."""
    if not isinstance(message, Msg):
        return None
    return {"template": str(message.template),
            "params": {k: to_json(v) if isinstance(v, Msg) else v for k, v in message.params.items()}}


def from_json(data: dict) -> Msg:
    template = data["template"]
    params = {k: from_json(v) if isinstance(v, dict) and "template" in v else v
              for k, v in (data.get("params") or {}).items()}
    return Msg(template, **params)


def translate(message) -> str:
    """``tr`` that also translates the labels a message carries as values (e.g. „Entwurf“ in a status refusal)."""
    if isinstance(message, Msg) and any(isinstance(v, Msg) for v in message.params.values()):
        message = Msg(message.template, **{k: translate(v) if isinstance(v, Msg) else v
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


def from_text(text: str, templates: Iterable[str]) -> Msg | str:
    """The :class:`Msg` that ``text`` was made from, for German text stored without its values (e.g. a refusal
    reason in a table); ``text`` itself if no template produces it."""
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
        if found is not None:
            message = Msg(template, **found.groupdict()) if names else Msg(template)
            if message == text:
                return message
    return text
