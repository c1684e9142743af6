"""German first, English second: interface texts are German keys with an English table. Content from the
services stays in the language it was written in."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask import g, request

EN = {
    "Zum Inhalt springen": "Skip to content",
    "Startseite": "Home",
    "Programme": "Programmes",
    "Projekte": "Projects",
    "Veranstaltungen": "Events",
    "Engagement": "Volunteering",
    "Newsletter": "Newsletter",
    "Suche": "Search",
    "Suchen": "Search",
    "Suchbegriff": "Search term",
    "Handlungsfelder": "Fields of action",
    "Handlungsfeld": "Field of action",
    "Stadtteile": "Districts",
    "Stadtteil": "District",
    "Impressum": "Imprint",
    "Datenschutz": "Privacy",
    "Anmeldung für Mitarbeitende": "Staff login",
    "Hauptnavigation": "Main navigation",
    "Sprache": "Language",
    "Aktuelle Programme": "Current programmes",
    "Aktuelle Projekte": "Current projects",
    "Nächste Veranstaltungen": "Upcoming events",
    "Mitmachen": "Get involved",
    "Newsletter abonnieren": "Subscribe to the newsletter",
    "Alle Programme": "All programmes",
    "Alle Projekte": "All projects",
    "Alle Veranstaltungen": "All events",
    "Alle Angebote": "All opportunities",
    "Weiter zur Anmeldung": "Continue to sign-up",
    "E-Mail-Adresse": "E-mail address",
    "In einfacher Sprache": "In brief",
    "Beschreibung": "Description",
    "Kontakt": "Contact",
    "Laufzeit": "Period",
    "Förderung": "Funding",
    "Ziele und Kennzahlen": "Goals and indicators",
    "Ausgangswert": "Baseline",
    "Zielwert": "Target",
    "Zielerreichung": "Attainment",
    "Messwerte": "Measurements",
    "Datum": "Date",
    "Wert": "Value",
    "Partner": "Partners",
    "Programm": "Programme",
    "Phase": "Stage",
    "Ort": "Place",
    "Beginn": "Starts",
    "Ende": "Ends",
    "freie Plätze": "seats left",
    "ausgebucht – Warteliste offen": "fully booked – waiting list open",
    "ausgebucht": "fully booked",
    "Anmelden": "Register",
    "Zur Veranstaltung anmelden": "Register for the event",
    "Kalender (iCal)": "Calendar (iCal)",
    "In den Kalender (iCal)": "Add to calendar (iCal)",
    "Name": "Name",
    "Anzahl Plätze": "Number of seats",
    "Telefon (freiwillig)": "Phone (optional)",
    "Nachricht (freiwillig)": "Message (optional)",
    "Absenden": "Send",
    "Archiv": "Archive",
    "Newsletter-Archiv": "Newsletter archive",
    "Aktuelles": "News",
    "Themen": "Topics",
    "Abonnieren": "Subscribe",
    "Abmelden": "Unsubscribe",
    "Jetzt abmelden": "Unsubscribe now",
    "Keine Einträge gefunden.": "Nothing found.",
    "Ergebnisse für": "Results for",
    "Gefördert von": "Funded by",
    "Patenschaft": "Sponsorship",
    "Ehrenamt": "Volunteering",
    "Organisation": "Organisation",
    "Geförderte Kleinprojekte": "Funded micro-projects",
    "Seite": "Page",
    "Zurück": "Back",
    "Weiter": "Next",
    "Seite nicht gefunden": "Page not found",
    "Bitte korrigieren Sie die Eingaben": "Please correct the entries",
    "Name (freiwillig)": "Name (optional)",
    "Sprache des Newsletters": "Newsletter language",
    "Ich möchte den Newsletter erhalten und habe die Datenschutzhinweise gelesen. Ich kann mich jederzeit mit "
    "einem Klick abmelden.": "I would like to receive the newsletter and have read the privacy notice. I can "
                            "unsubscribe at any time with one click.",
    "Ich bin einverstanden, dass meine Angaben für diese Veranstaltung gespeichert werden.":
        "I agree that my details are stored for this event.",
    "Ich bin einverstanden, dass meine Angaben an die Organisation weitergegeben werden.":
        "I agree that my details are passed on to the organisation.",
    "Passwort": "Password",
    "Fast geschafft! Wir haben Ihnen eine E-Mail geschickt. Bitte bestätigen Sie das Abonnement über den Link "
    "darin.": "Almost done! We have sent you an e-mail. Please confirm the subscription with the link in it.",
    "Vielen Dank, Sie sind angemeldet. Sie erhalten eine E-Mail mit einem Link zur Abmeldung.":
        "Thank you, you are registered. You will receive an e-mail with a link to cancel.",
    "Vielen Dank! Bitte bestätigen Sie Ihre Anmeldung über den Link in der E-Mail, die wir Ihnen gerade "
    "geschickt haben.": "Thank you! Please confirm with the link in the e-mail we have just sent you.",
    "Mehr in den": "More in the",
    "Datenschutzhinweisen": "privacy notice",
}


def lang() -> str:
    if "lang" not in g:
        chosen = request.args.get("lang") or request.cookies.get("aktiv_lang")
        g.lang = chosen if chosen in ("de", "en") else "de"
    return g.lang


def translate(text: str) -> str:
    return EN.get(text, text) if lang() == "en" else text


STAGES = {
    "idea": ("Idee", "Idea"), "assessed": ("Bewertet", "Assessed"), "concept": ("Konzept", "Concept"),
    "application": ("Antrag", "Application"), "approved": ("Bewilligt", "Approved"),
    "running": ("Laufend", "Running"), "closing": ("Abschluss", "Closing"), "evaluated": ("Evaluiert", "Evaluated"),
    "sustained": ("Verstetigt", "Sustained"), "ended": ("Beendet", "Ended"), "acquisition": ("Akquise", "Acquisition"),
    "applied": ("Beantragt", "Applied"), "completed": ("Abgeschlossen", "Completed"),
}


def stage_label(code) -> str:
    de, en = STAGES.get(str(code), (str(code), str(code)))
    return en if lang() == "en" else de


def zahl(value) -> str:
    """A measured value the German way: 1.234,5 (no needless trailing zeros)."""
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    if lang() == "en":
        return text
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def month_name(value: str) -> str:
    """'2026-12' → 'Dezember 2026' (or 'December 2026')."""
    try:
        year, month = int(value[:4]), int(value[5:7])
        names = MONTHS_EN if lang() == "en" else MONTHS_DE
        return f"{names[month - 1]} {year}"
    except (ValueError, IndexError):
        return value
