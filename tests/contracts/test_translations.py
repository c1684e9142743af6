"""Every text a department screen shows has an English translation (German first, English second)."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "scripts" / "i18n.py")
i18n = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(i18n)


@pytest.mark.parametrize("component", sorted(i18n.COMPONENTS))
def test_every_department_text_has_an_english_translation(component):
    package = i18n.COMPONENTS[component]
    assert i18n.extract(package), f"{component}: no translatable texts found, are the templates wrapped?"
    loose = i18n.unwrapped(package)
    assert not loose, f"{component}: German text outside _() in templates: {loose[:5]}"
    missing = i18n.untranslated(package, "en")
    assert not missing, (f"{component}: {len(missing)} texts without English translation, e.g. {missing[:5]}; "
                         f"run .venv/bin/python scripts/i18n.py update {component} and translate them")


def test_the_check_notices_a_missing_translation(tmp_path):
    """The guard above could pass vacuously; show it fails on a new untranslated text."""
    pkg = tmp_path / "svc"
    (pkg / "templates").mkdir(parents=True)
    (pkg / "templates" / "page.html").write_text("<h1>{{ _('Neue Überschrift') }}</h1>", encoding="utf-8")
    (pkg / "views.py").write_text("from servicekit.web.i18n import _l\nLABEL = _l('Betrag')\n", encoding="utf-8")
    assert sorted(i18n.untranslated(pkg, "en")) == ["Betrag", "Neue Überschrift"]


def test_the_check_notices_german_text_left_outside_gettext(tmp_path):
    pkg = tmp_path / "svc"
    (pkg / "templates").mkdir(parents=True)
    (pkg / "templates" / "page.html").write_text(
        '<h1>{{ _("Übersicht") }}</h1>\n<p>Noch nicht übersetzt</p>\n<a href="/" title="Zurück zur Liste">{{ n }}</a>\n',
        encoding="utf-8")
    (pkg / "templates" / "legal.html").write_text("{# i18n: German only – legal record #}\n<p>Nachweis</p>\n",
                                                  encoding="utf-8")
    assert i18n.unwrapped(pkg) == ["templates/page.html: Zurück zur Liste", "templates/page.html: Noch nicht übersetzt"]
