"""The platform's roles: their codes (in tokens, the API and ``require_roles``) and the names a person reads.

A screen or message never shows the code: ``role_name("finance.clerk")`` is "Finanzen: Sachbearbeitung"
("Finance: case handling" in English). The gateway's account forms use the same names."""

from __future__ import annotations

ROLES = ("admin", "programmes.editor", "finance.clerk", "finance.approver", "participation.editor",
         "newsletter.editor", "viewer")

# code → (German, English)
ROLE_NAMES: dict[str, tuple[str, str]] = {
    "admin": ("Administration (alle Rechte)", "Administration (all rights)"),
    "programmes.editor": ("Programme und Projekte bearbeiten", "Edit programmes and projects"),
    "finance.clerk": ("Finanzen: Sachbearbeitung", "Finance: case handling"),
    "finance.approver": ("Finanzen: Freigabe (Vier-Augen-Prinzip)", "Finance: approval (four-eyes principle)"),
    "participation.editor": ("Beteiligung und Engagement bearbeiten", "Edit participation and volunteering"),
    "newsletter.editor": ("Newsletter bearbeiten", "Edit the newsletter"),
    "viewer": ("Nur lesen", "Read only"),
}
ROLE_LABELS: dict[str, str] = {code: names[0] for code, names in ROLE_NAMES.items()}  # the German names


def role_name(code: str, english: bool = False) -> str:
    """The role's name in German (or English); an unknown code is "unbekannte Rolle", never the code."""
    names = ROLE_NAMES.get(code, ("unbekannte Rolle", "unknown role"))
    return names[1] if english else names[0]


def forbidden_detail(roles, english: bool = False) -> str:
    """Why a caller is refused, naming the roles that would allow the action (admin always does, so it is not
    named unless it is the only one)."""
    needed = [r for r in roles if r != "admin"] or list(roles)
    quoted = [("“%s”" if english else "„%s“") % role_name(r, english) for r in needed]
    if english:
        if not quoted:
            return "Your role does not allow this action."
        if len(quoted) == 1:
            return f"Your role does not allow this action. It needs the role {quoted[0]}."
        return ("Your role does not allow this action. It needs one of the roles "
                + ", ".join(quoted[:-1]) + " or " + quoted[-1] + ".")
    if not quoted:
        return "Ihre Rolle erlaubt diese Aktion nicht."
    if len(quoted) == 1:
        return f"Ihre Rolle erlaubt diese Aktion nicht. Dafür ist die Rolle {quoted[0]} nötig."
    return ("Ihre Rolle erlaubt diese Aktion nicht. Dafür ist eine der Rollen "
            + ", ".join(quoted[:-1]) + " oder " + quoted[-1] + " nötig.")
