"""Downloads are named by the thing they hold (issue 12): names of things, umlauts kept in the UTF-8 name and
spelled out in the ASCII one, never an empty name."""

from flask import Flask

from servicekit.web.downloads import attachment, filename


def test_a_name_is_made_of_the_things_parts():
    assert filename(["Verwendungsnachweis", "Juze-Truck", "ESF Plus", "2026"], "pdf") == \
        "Verwendungsnachweis_Juze-Truck_ESF-Plus_2026.pdf"
    assert filename(["Protokoll", "", None, "Begleitausschuss „Demokratie“"], "pdf") == \
        "Protokoll_Begleitausschuss-Demokratie.pdf"
    assert filename(["../../etc/passwd"], "ics") == "etc-passwd.ics"
    assert filename([" ", "//"], "ics", default="Veranstaltung") == "Veranstaltung.ics"


def test_the_header_carries_an_ascii_and_the_exact_utf8_name():
    with Flask(__name__).test_request_context("/"):
        response = attachment(b"x", "text/calendar", ["Repair-Café", "Größte Straße"], "ics")
    header = response.headers["Content-Disposition"]
    assert header.startswith("attachment; filename=Repair-Cafe_Groesste-Strasse.ics;")
    assert "filename*=UTF-8''Repair-Caf%C3%A9_Gr%C3%B6%C3%9Fte-Stra%C3%9Fe.ics" in header
