"""Department UI translations: extract the German texts, keep the English catalogues, check they are complete.

    python scripts/i18n.py update [component …]   # extract and merge into translations/en/…/messages.po
    python scripts/i18n.py check  [component …]   # fail if a text has no English translation (a test runs this)
    python scripts/i18n.py fill component table.json  # set English texts from a {"German": "English"} table

Components are ``servicekit`` and the four services. Texts are found in templates (``_('…')``) and in Python
(``_``, ``_l``, ``gettext``, ``lazy_gettext``, ``ngettext``, ``pgettext``, ``lazy_pgettext``, ``Msg``;
the ``p`` forms take a context first, for a German word with two English ones, e.g. Fördermittelgeber).
New texts get an empty English entry; texts no longer used are dropped, so the catalogue stays the list of
what the screens really show.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
COMPONENTS = {
    "servicekit": ROOT / "lib/servicekit/src/servicekit",
    "programmes": ROOT / "services/programmes/src/programmes",
    "finance": ROOT / "services/finance/src/finance",
    "participation": ROOT / "services/participation/src/participation",
    "newsletter": ROOT / "services/newsletter/src/newsletter",
}
LOCALES = ("en",)
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2),
            "lazy_ngettext": (1, 2), "Msg": None, "pgettext": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3)}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}


def po_path(package: Path, locale: str) -> Path:
    return package / "translations" / locale / "LC_MESSAGES" / "messages.po"


def extract(package: Path) -> Catalog:
    template = Catalog(project="Kaufbeuren aktiv", msgid_bugs_address="", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            package, METHODS, options_map=OPTIONS, keywords=KEYWORDS, comment_tags=("i18n:",),
            strip_comment_tags=True):
        if filename.startswith("translations"):
            continue
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def load(path: Path, locale: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=locale, project="Kaufbeuren aktiv", charset="utf-8")
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def update(name: str, package: Path) -> int:
    template = extract(package)
    for locale in LOCALES:
        path = po_path(package, locale)
        catalog = load(path, locale)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False  # a fuzzy header would be dropped when compiling, and with it the charset
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=120, omit_header=False, sort_output=False, include_previous=False)
        missing = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple | list)
                                                          else m.string)]
        print(f"{name}/{locale}: {len(catalog)} Texte, {len(missing)} ohne Übersetzung ({path.relative_to(ROOT)})")
    return 0


def untranslated(package: Path, locale: str) -> list[str]:
    """Texts the screens show that the English catalogue does not translate."""
    catalog = load(po_path(package, locale), locale)
    out = []
    for message in extract(package):
        if not message.id:
            continue
        entry = catalog.get(message.id, context=message.context)
        strings = entry.string if entry is not None else None
        if isinstance(strings, tuple | list):
            ok = all(strings)
        else:
            ok = bool(strings)
        if not ok or (entry is not None and entry.fuzzy):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)
VISIBLE_ATTRS = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"{]*)"')
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]*>", re.S | re.I)
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{2,}")
NOT_TEXT = {"Kaufbeuren", "aktiv", "Kaufbeuren aktiv", "CSV", "PDF", "JSON", "iCal", "RSS", "Atom", "DSGVO", "ID",
            "SVG", "API", "URL", "UTC", "E-Mail", "Deutsch", "English"}
GERMAN_ONLY = "{# i18n: German only"  # a template that must stay German (e.g. a legal record) says so and why


def unwrapped(package: Path) -> list[str]:
    """Visible German words in templates that are not inside ``_()`` (a heuristic: text nodes and the
    aria-label/title/placeholder/alt attributes, with Jinja code removed)."""
    found = []
    for template in sorted(package.glob("**/templates/**/*.html")):
        if "mail" in template.parts:  # mails are rendered per recipient language by their own templates
            continue
        raw = template.read_text(encoding="utf-8")
        if GERMAN_ONLY in raw:
            continue
        attrs = [a for a in VISIBLE_ATTRS.findall(JINJA.sub(" ", raw)) if WORD.search(a)]
        text = TAGS.sub(" ", JINJA.sub(" ", raw))
        for chunk in [*attrs, *re.split(r"\s{2,}|\n", text)]:
            chunk = " ".join(chunk.split())
            if WORD.search(chunk) and chunk not in NOT_TEXT and not set(WORD.findall(chunk)) <= NOT_TEXT:
                found.append(f"{template.relative_to(package)}: {chunk}")
    return found


def check(name: str, package: Path) -> int:
    failures = 0
    loose = unwrapped(package)
    if loose:
        failures += 1
        print(f"{name}: {len(loose)} sichtbare Texte ohne _() in Vorlagen:", file=sys.stderr)
        for text in loose:
            print(f"  - {text}", file=sys.stderr)
    for locale in LOCALES:
        missing = untranslated(package, locale)
        if missing:
            failures += 1
            print(f"{name}/{locale}: {len(missing)} Texte ohne Übersetzung:", file=sys.stderr)
            for text in missing:
                print(f"  - {text!r}", file=sys.stderr)
    return failures


def fill(name: str, table_file: str) -> int:
    import json

    table = json.loads(Path(table_file).read_text(encoding="utf-8"))
    for locale in LOCALES:
        path = po_path(COMPONENTS[name], locale)
        catalog = load(path, locale)
        for message in catalog:
            if message.id and isinstance(message.id, str) and table.get(message.id):
                message.string = table[message.id]
        catalog.fuzzy = False
        with path.open("wb") as fh:
            write_po(fh, catalog, width=120, include_previous=False)
    return check(name, COMPONENTS[name])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("update", "check", "fill"))
    parser.add_argument("components", nargs="*", default=[])
    args = parser.parse_args(argv)
    if args.command == "fill":
        return 1 if fill(*args.components) else 0
    unknown = set(args.components) - set(COMPONENTS)
    if unknown:
        parser.error(f"unbekannte Komponente: {', '.join(sorted(unknown))}")
    names = args.components or list(COMPONENTS)
    run = update if args.command == "update" else check
    return 1 if sum(run(name, COMPONENTS[name]) for name in names) else 0


if __name__ == "__main__":
    raise SystemExit(main())
