"""One frame for the four departments (issue 12): the same header in structure, height and behaviour at a
1366 px and a 1024 px screen, in German and English. The bar (name, language, account) stays one row; the
department's navigation has its own row below it and wraps there, never sideways out of the page."""

from __future__ import annotations

import pytest

from .test_journeys import _login

pytestmark = pytest.mark.browser

DEPARTMENTS = ("programmes", "finance", "participation", "newsletter")

MEASURE = """() => {
  const header = document.querySelector('header.site-header');
  const box = el => { const r = el.getBoundingClientRect();
                      return {top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left),
                              right: Math.round(r.right), height: Math.round(r.height)}; };
  const bar = header.querySelector(':scope > .site-bar'), nav = header.querySelector(':scope > nav');
  return {
    structure: [...header.querySelectorAll('*')].filter(e => !e.closest('nav ul'))
                 .map(e => e.tagName + '.' + e.className).join(' '),
    header: box(header), bar: box(bar), nav: box(nav),
    brand: box(bar.querySelector('.brand')), user: box(bar.querySelector('.user')),
    links: [...nav.querySelectorAll('a')].map(box),
    current: [...nav.querySelectorAll('a[aria-current=page]')].map(a => a.textContent.trim()),
    width: document.documentElement.scrollWidth,
  };
}"""


def _measure(page, lang: str) -> dict[str, dict]:
    found = {}
    for svc in DEPARTMENTS:
        page.goto(f"/intern/{svc}/?lang={lang}")
        found[svc] = page.evaluate(MEASURE)
    return found


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_four_departments_share_one_header(page, stack, lang):
    _login(page, "admin@kaufbeuren-aktiv.invalid", stack.admin_password)
    page.set_viewport_size({"width": 1366, "height": 800})
    wide = _measure(page, lang)
    first = wide["programmes"]
    for svc, m in wide.items():
        assert m["structure"] == first["structure"], svc
        assert m["header"]["height"] == first["header"]["height"], {s: w["header"] for s, w in wide.items()}
        assert m["bar"] == first["bar"] and m["nav"] == first["nav"], svc
        assert m["user"]["right"] == first["user"]["right"], svc  # the account always on the right
        assert m["brand"]["bottom"] <= m["bar"]["bottom"] and m["user"]["bottom"] <= m["bar"]["bottom"], svc
        assert len({link["top"] for link in m["links"]}) == 1, f"{svc}: navigation wraps at 1366 px"
        assert m["current"] == [("Übersicht" if lang == "de" else "Overview")], svc
        assert m["width"] <= 1366, svc

    page.set_viewport_size({"width": 1024, "height": 800})
    narrow = _measure(page, lang)
    for svc, m in narrow.items():
        assert m["structure"] == first["structure"], svc
        assert m["bar"]["height"] == narrow["programmes"]["bar"]["height"], svc  # the bar stays one row
        assert m["nav"]["top"] == m["bar"]["bottom"], svc  # the navigation wraps below, not into the bar
        assert all(link["right"] <= 1024 and link["top"] >= m["nav"]["top"] for link in m["links"]), svc
        assert m["width"] <= 1024, f"{svc}: the page is wider than 1024 px"


def test_the_page_being_shown_is_marked_in_the_navigation(page, stack):
    _login(page, "admin@kaufbeuren-aktiv.invalid", stack.admin_password)
    for path, name in (("/intern/finance/journal", "Ausgabenjournal"), ("/intern/newsletter/ausgaben", "Ausgaben"),
                       ("/intern/programmes/projekte", "Projekte"), ("/intern/participation/gremien", "Gremien")):
        page.goto(path + "?lang=de")
        current = page.locator("header.site-header nav a[aria-current=page]")
        assert current.all_inner_texts() == [name], path
