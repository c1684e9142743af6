"""German first, English second: interface texts are German keys with an English table. Content from the
services stays in the language it was written in.

The same table serves the public site and the staff pages (login, staff landing, account administration,
error pages). Where one German word means two things (``Abmelden``: unsubscribe from the newsletter or sign
out), the staff text is looked up with a context: ``_("Abmelden", "staff")``. Form labels stay German in the
form classes and are translated where they are rendered (``macros.field``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from flask import current_app, g, request

from servicekit import formats

EN = {
    # imprint, privacy notice, archive, funded micro-projects, unsubscribe, footer
    "Vertreten durch": "Represented by",
    "Telefon": "Phone",
    "USt-IdNr.": "VAT ID",
    "Aufsichtsbehörde": "Supervisory authority",
    "Verantwortlich für den Inhalt": "Responsible for the content",
    "Verantwortlich:": "Controller:",
    "Datenschutzbeauftragte:": "Data protection officer:",
    "Mehr": "More",
    "zu": "about",
    "Nr.": "No.",
    "Titel": "Title",
    "Entscheidung": "Decision",
    "Betrag": "Amount",
    "Newsletter abbestellen": "Unsubscribe from the newsletter",
    "Sie sind abgemeldet und erhalten keinen Newsletter mehr.":
        "You are unsubscribed and will receive no more newsletters.",
    "Koordinierungsstelle Bürgerschaftliches Engagement": "Coordination office for civic engagement",
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
    "Ziel": "Target",
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
    "Neuigkeiten": "News",
    "Engagement-Angebote": "Volunteering opportunities",
    # notices in place of a part whose service is down (macros.notice)
    "%(what)s können gerade nicht angezeigt werden. Bitte versuchen Sie es später erneut.":
        "%(what)s cannot be shown right now. Please try again later.",
    "%(what)s: Der Dienst ist gerade nicht erreichbar – Sie sehen den zuletzt bekannten Stand.":
        "%(what)s: the service is currently unavailable – you see the last known state.",
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
    "Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste. Wir schreiben Ihnen, sobald ein Platz frei "
    "wird.":
        "The event is fully booked. You are on the waiting list. We will write to you as soon as a place becomes "
        "available.",
    "Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste (Platz %(position)s). Wir schreiben Ihnen, "
    "sobald ein Platz frei wird.":
        "The event is fully booked. You are on the waiting list (position %(position)s). We will write to you as "
        "soon as a place becomes available.",
    "Anmeldung stornieren": "Cancel registration",
    "Anmeldung zur Veranstaltung stornieren": "Cancel your event registration",
    "Ihre Anmeldung ist storniert. Der Platz geht an die Warteliste.":
        "Your registration is cancelled. The place goes to the waiting list.",
    "Vielen Dank! Bitte bestätigen Sie Ihre Anmeldung über den Link in der E-Mail, die wir Ihnen gerade "
    "geschickt haben.": "Thank you! Please confirm with the link in the e-mail we have just sent you.",
    "Mehr in den": "More in the",
    "Datenschutzhinweisen": "privacy notice",
    "Das Formular ist abgelaufen. Bitte senden Sie es erneut.": "The form has expired. Please send it again.",
    "Bitte geben Sie eine gültige E-Mail-Adresse ein.": "Please enter a valid e-mail address.",
    "Bitte bestätigen Sie Ihre Einwilligung.": "Please confirm your consent.",
    # the gateway's own answers when a service refuses or is away (a service's own detail stays as it is)
    "Die Anfrage konnte nicht bearbeitet werden.": "The request could not be processed.",
    "Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.":
        "Registration is not possible right now. Please try again later.",
    "Die Abmeldung ist gerade nicht möglich.": "Cancelling is not possible right now.",
    "Die Abmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.":
        "Unsubscribing is not possible right now. Please try again later.",
    "Die Bestätigung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.":
        "Confirming is not possible right now. Please try again later.",
    "Vielen Dank! Ihr Newsletter-Abonnement ist bestätigt.": "Thank you! Your newsletter subscription is confirmed.",
    "Vielen Dank! Ihre Anmeldung ist bestätigt. Die Organisation meldet sich bei Ihnen.":
        "Thank you! Your registration is confirmed. The organisation will get in touch with you.",
    # -- staff pages: navigation, login, logout, password --------------------------------------------------
    "Fachbereiche": "Departments",
    "Konten": "Accounts",
    "API-Tokens": "API tokens",
    "API-Dokumentation": "API documentation",
    "Passwort ändern": "Change password",
    "Anmeldung fehlgeschlagen": "Sign-in failed",
    "Mit dem Konto der Stadtverwaltung anmelden (Single Sign-on)":
        "Sign in with your city administration account (single sign-on)",
    "Nach fünf Fehlversuchen wird das Konto für 15 Minuten gesperrt.":
        "After five failed attempts the account is locked for 15 minutes.",
    "E-Mail-Adresse oder Passwort ist falsch.": "The e-mail address or the password is wrong.",
    "Dieses Konto ist nach zu vielen Fehlversuchen für 15 Minuten gesperrt. Bitte versuchen Sie es später "
    "erneut oder wenden Sie sich an die Administration.": "This account is locked for 15 minutes after too many "
                                                           "failed attempts. Please try again later or contact "
                                                           "the administration.",
    "Dieses Konto ist deaktiviert. Bitte wenden Sie sich an die Administration.":
        "This account is deactivated. Please contact the administration.",
    "Sie sind abgemeldet.": "You are signed out.",
    "Angemeldet als %(name)s (%(email)s).": "Signed in as %(name)s (%(email)s).",
    "Bisheriges Passwort": "Current password",
    "Neues Passwort (mindestens 12 Zeichen)": "New password (at least 12 characters)",
    "Neues Passwort wiederholen": "Repeat the new password",
    "Die beiden neuen Passwörter stimmen nicht überein.": "The two new passwords do not match.",
    "Das bisherige Passwort ist falsch.": "The current password is wrong.",
    "Ihr Passwort ist geändert. Andere Anmeldungen mit diesem Konto sind beendet.":
        "Your password has been changed. Other sign-ins with this account have been ended.",
    # -- staff landing -------------------------------------------------------------------------------------
    "Willkommen, %(name)s": "Welcome, %(name)s",
    "Ihre Rollen:": "Your roles:",
    "keine": "none",
    "Ihrem Konto ist noch kein Fachbereich zugeordnet. Bitte wenden Sie sich an die Administration.":
        "No department has been assigned to your account yet. Please contact the administration.",
    "Programme und Projekte": "Programmes and projects",
    "Finanzen und Fördermittel": "Finance and funding",
    "Beteiligung und Gremien": "Participation and committees",
    # -- account administration ----------------------------------------------------------------------------
    "Konten und Rollen": "Accounts and roles",
    "Alle Konten": "All accounts",
    "E-Mail": "E-mail",
    "Rollen": "Roles",
    "Status": "Status",
    "aktiv": "active",
    "deaktiviert": "deactivated",
    "gesperrt": "locked",
    "Demo": "Demo",
    "Neues Konto": "New account",
    "Konto anlegen": "Create account",
    "Erstes Passwort (mindestens 12 Zeichen)": "Initial password (at least 12 characters)",
    "Konto für %(email)s angelegt.": "Account for %(email)s created.",
    "Konto %(email)s": "Account %(email)s",
    "Nach zu vielen Fehlversuchen gesperrt bis %(until)s.": "Locked after too many failed attempts until %(until)s.",
    "Konto aktiv": "Account active",
    "Neues Passwort (leer lassen = unverändert)": "New password (leave empty to keep the current one)",
    "Sperre nach Fehlversuchen aufheben": "Lift the lock after failed attempts",
    "Speichern": "Save",
    "Protokoll": "History",
    "Änderungen und Anmeldungen dieses Kontos": "Changes and sign-ins of this account",
    "Zeitpunkt": "Time",
    "Wer": "Who",
    "Aktion": "Action",
    "Details": "Details",
    "Sie können sich nicht selbst die Administration entziehen oder sich deaktivieren.":
        "You cannot take away your own administration role or deactivate yourself.",
    "Änderungen gespeichert.": "Changes saved.",
    "API-Tokens für Maschinen-Clients": "API tokens for machine clients",
    "Neues Token (wird nur jetzt angezeigt, bitte sicher ablegen):":
        "New token (shown only now, please store it safely):",
    "Anfang": "Prefix",
    "Gültig bis": "Valid until",
    "Zuletzt benutzt": "Last used",
    "widerrufen am %(date)s": "revoked on %(date)s",
    "Widerrufen": "Revoke",
    "Neues Token": "New token",
    "Token erzeugen": "Create token",
    "Name des Tokens (wofür?)": "Name of the token (what for?)",
    "Gültig für Tage": "Valid for days",
    "Token widerrufen. Es gilt ab sofort nicht mehr.": "Token revoked. It is no longer valid.",
    "Unbekannte Rolle: %(roles)s": "Unknown role: %(roles)s",
    "Bitte eine gültige E-Mail-Adresse angeben.": "Please enter a valid e-mail address.",
    "Es gibt bereits ein Konto für %(email)s.": "There is already an account for %(email)s.",
    "Bitte einen Namen für das Token angeben.": "Please give the token a name.",
    "Das Passwort muss mindestens 12 Zeichen lang sein.": "The password must be at least 12 characters long.",
    "Nur Administratorinnen und Administratoren dürfen Konten verwalten.": "Only administrators may manage accounts.",
    # role names (the checkboxes of the account and token forms)
    "Administration (alle Rechte)": "Administration (all rights)",
    "Programme und Projekte bearbeiten": "Edit programmes and projects",
    "Finanzen: Sachbearbeitung": "Finance: case handling",
    "Finanzen: Freigabe (Vier-Augen-Prinzip)": "Finance: approval (four-eyes principle)",
    "Beteiligung und Engagement bearbeiten": "Edit participation and volunteering",
    "Newsletter bearbeiten": "Edit the newsletter",
    "Nur lesen": "Read only",
    # -- API documentation ---------------------------------------------------------------------------------
    "Die Beschreibung des Dienstes „%(svc)s“ ist gerade nicht verfügbar.":
        "The description of the service “%(svc)s” is currently unavailable.",
    "Alle Endpunkte": "All endpoints",
    "Methode": "Method",
    "Pfad": "Path",
    "öffentlich": "public",
    "angemeldet": "signed in",
    # -- error pages ---------------------------------------------------------------------------------------
    "Zur Übersicht der Fachbereiche": "To the overview of the departments",
    "Zur Startseite": "To the home page",
    "Diese Seite gibt es nicht (mehr).": "This page does not exist (any more).",
    "Nicht erlaubt": "Not allowed",
    "Diese Aktion ist hier nicht möglich.": "This action is not possible here.",
    "Zu viele Anfragen": "Too many requests",
    "Bitte warten Sie einen Moment und versuchen Sie es dann erneut.": "Please wait a moment and then try again.",
    "Interner Fehler": "Internal error",
    "Es ist ein unerwarteter Fehler aufgetreten. Er wurde protokolliert.":
        "An unexpected error occurred. It has been logged.",
    "Dienst nicht verfügbar": "Service unavailable",
    "Der Dienst „{svc}“ ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut.":
        "The service “{svc}” cannot be reached at the moment. Please try again later.",
    "Der Dienst „{svc}“ ist vorübergehend abgeschaltet, weil er wiederholt nicht geantwortet hat.":
        "The service “{svc}” is switched off for a while because it repeatedly did not answer.",
    "Der Dienst „{svc}“ hat nicht rechtzeitig geantwortet.": "The service “{svc}” did not answer in time.",
    "Anmeldung erforderlich": "Sign-in required",
    "Keine Berechtigung": "No permission",
    "Ihre Rolle erlaubt diese Aktion nicht.": "Your role does not allow this action.",
    "Die Anmeldung über den Identitätsanbieter ist fehlgeschlagen.": "Signing in with the identity provider failed.",
    "Kein Konto": "No account",
    "E-Mail-Adresse nicht bestätigt": "E-mail address not verified",
    "Ihre E-Mail-Adresse ist beim Identitätsanbieter nicht als bestätigt gekennzeichnet. Über eine unbestätigte "
    "Adresse wird kein Konto verknüpft. Bitte bestätigen Sie die Adresse dort oder wenden Sie sich an die "
    "Administration.":
        "The identity provider does not mark your e-mail address as verified. No account is linked by an "
        "unverified address. Please verify the address there or contact the administration.",
    "Für diese Person gibt es kein aktives Konto. Bitte wenden Sie sich an die Administration.":
        "There is no active account for this person. Please contact the administration.",
    "Einen Dienst „%(svc)s“ gibt es nicht.": "There is no service “%(svc)s”.",
    "Anfragen von fremden Seiten sind nicht erlaubt.": "Requests from other sites are not allowed.",
    "Das API-Token ist ungültig, abgelaufen oder widerrufen.": "The API token is invalid, expired or revoked.",
}

# German words with two meanings: (context, German) → English. The staff pages use the context "staff".
EN_IN_CONTEXT = {
    ("staff", "Anmelden"): "Sign in",
    ("staff", "Abmelden"): "Sign out",
    ("staff", "Jetzt abmelden"): "Sign out now",
}

LANGUAGES = ("de", "en")
COOKIE = "aktiv_lang"
# Staff pages remember a ``?lang=`` in the cookie (as the department UIs do), so the next form post and the
# next page keep the language. Public pages do not: they are answered from the shared cache.
STAFF_PATHS = ("/anmelden", "/abmelden", "/verwaltung/", "/konto/", "/api/docs")


def lang() -> str:
    if "lang" not in g:
        chosen = request.args.get("lang") or request.cookies.get(COOKIE)
        g.lang = chosen if chosen in LANGUAGES else "de"
    return g.lang


def translate(text: str, context: str | None = None) -> str:
    if lang() != "en":
        return text
    if context and (context, text) in EN_IN_CONTEXT:
        return EN_IN_CONTEXT[(context, text)]
    return EN.get(text, text)


def translate_message(message, **params) -> str:
    """A message with placeholders (``%(name)s``) in the reader's language. ``message`` may also carry its own
    template and values (``AccountError``, servicekit's ``Msg``): then the template is translated."""
    if message is None:
        return ""
    template = getattr(message, "template", None)
    if isinstance(template, str):
        params = {**(getattr(message, "params", None) or {}), **params}
    else:
        template = str(message)
    text = translate(template)
    return text % params if params else text


def switch_next() -> str:
    """The current address without ``lang=``, as the target of the language switch (a ``?lang=en`` left in it
    would win over the cookie the switch sets)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return request.path + ("?" + urlencode(args) if args else "")


def remember_language(response):
    """After a staff page: keep a ``?lang=`` choice in the cookie the language switch also sets."""
    chosen = request.args.get("lang")
    staff = request.path.startswith(STAFF_PATHS) or request.path == "/intern/"
    if staff and chosen in LANGUAGES and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=current_app.extensions["gateway_settings"].production)
    return response


def datum(value) -> str:
    """servicekit's date in the page's language; instants in Europe/Berlin: 24.11.2026, 18:00 Uhr ·
    24 Nov 2026, 18:00 (the same zone, 24 h)."""
    return formats.when(value, lang())


def zahl(value) -> str:
    """A measured value in the one number format of the platform (servicekit.formats), with the decimals it has,
    at most two: 12 · 1.234,5 · 0,25 (English 1,234.5)."""
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    places = min(2, max(0, -number.normalize().as_tuple().exponent))
    return formats.number(number, places, lang())


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
