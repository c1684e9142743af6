"""The kit's frame marks the page being shown in every department's navigation (aria-current="page")."""

from servicekit.web.nav import mark_current

NAV = ('<li><a href="/intern/finance/">Übersicht</a></li><li><a href="/intern/finance/plaene">Pläne</a></li>'
       '<li><a href="/intern/finance/plaene-archiv">Archiv</a></li>')


def _current(path: str) -> list[str]:
    html = str(mark_current(NAV, path))
    return [part.split(">", 1)[1].split("<", 1)[0] for part in html.split('<a aria-current="page" ')[1:]]


def test_the_start_page_is_marked_only_on_itself():
    assert _current("/intern/finance/") == ["Übersicht"]
    assert _current("/intern/finance/unbekannt") == []


def test_a_list_and_its_detail_pages_mark_the_list():
    assert _current("/intern/finance/plaene") == ["Pläne"]
    assert _current("/intern/finance/plaene/neu") == ["Pläne"]
    assert _current("/intern/finance/plaene-archiv") == ["Archiv"]  # a longer name is not a sub-page


def test_the_markup_is_kept():
    assert str(mark_current(NAV, "/intern/finance/x")) == NAV
