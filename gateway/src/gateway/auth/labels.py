"""What the staff pages show instead of codes: role names, the actions of an account's history and its changes
as "field: value" (never the stored JSON). German and English side by side, chosen by the page's language."""

from __future__ import annotations

from gateway.auth.forms import ROLE_LABELS
from gateway.public_site.i18n import lang, translate

ACTIONS = {
    "created": ("angelegt", "created"),
    "updated": ("geändert", "changed"),
    "password_set": ("Passwort gesetzt", "password set"),
    "unlocked": ("Sperre aufgehoben", "lock lifted"),
    "login": ("angemeldet", "signed in"),
    "login_failed": ("Anmeldung fehlgeschlagen", "sign-in failed"),
    "login_locked": ("nach Fehlversuchen gesperrt", "locked after failed attempts"),
    "revoked": ("widerrufen", "revoked"),
}
FIELDS = {
    "email": ("E-Mail-Adresse", "E-mail address"),
    "name": ("Name", "Name"),
    "roles": ("Rollen", "Roles"),
    "active": ("Konto aktiv", "Account active"),
    "failed": ("Fehlversuche", "Failed attempts"),
    "sessions_ended": ("beendete Anmeldungen", "Sign-ins ended"),
}
YES_NO = {True: ("ja", "yes"), False: ("nein", "no")}
SYSTEM = ("automatisch (System)", "automatic (system)")


def _pick(pair: tuple[str, str]) -> str:
    return pair[1] if lang() == "en" else pair[0]


def role_names(roles) -> str:
    """``["finance.clerk", "viewer"]`` → "Finanzen: Sachbearbeitung, Nur lesen" ("–" for none)."""
    names = [translate(ROLE_LABELS[r]) if r in ROLE_LABELS else _pick(("unbekannte Rolle", "unknown role"))
             for r in roles or []]
    return ", ".join(names) or translate("keine")


def action_label(code) -> str:
    pair = ACTIONS.get(str(code))
    return _pick(pair) if pair else str(code).replace("_", " ")


def change_items(changes) -> list[tuple[str, str]]:
    """An audit entry's changes as (label, value) pairs a person reads."""
    if not isinstance(changes, dict):
        return []
    items = []
    for key, value in changes.items():
        if key == "roles":
            shown = role_names(value)
        elif isinstance(value, bool):
            shown = _pick(YES_NO[value])
        elif value is None or value == "":
            shown = "–"
        else:
            shown = str(value)
        label = FIELDS.get(key)
        items.append((_pick(label) if label else key.replace("_", " "), shown))
    return items


def actor_label(entry, names: dict[str, str]) -> str:
    """Who: the name stored with the entry, else the account's name for the e-mail it was written with."""
    stored = (entry.get("actor_name") or "").strip()
    if stored:
        return stored
    actor = str(entry.get("actor") or "")
    if actor in ("", "system", "bootstrap"):
        return _pick(SYSTEM)
    return names.get(actor, actor)


def install(app) -> None:
    app.jinja_env.filters.update(rollen=role_names, aktion=action_label, aenderungen=change_items)
    app.jinja_env.globals.update(wer_konto=actor_label)
