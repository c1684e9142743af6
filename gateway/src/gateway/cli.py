"""``python -m gateway.cli bootstrap|create-admin|migrate``.

bootstrap: migrate the gateway database, then make sure there is an administrator:
- from AKTIV_ADMIN_EMAIL / AKTIV_ADMIN_PASSWORD when set (created once, never overwritten);
- in development only (AKTIV_ENV != production): a demo admin ``admin@kaufbeuren-aktiv.invalid`` and one
  demo account per department role, all with one random password printed and stored in
  ``var/admin-password.txt``;
- in production without the env secret: nothing, and a hint to run ``create-admin``. Never a default password.
"""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys

from gateway.adapters.accounts import AccountError, Accounts
from gateway.bootstrap import SPEC
from servicekit.demo import STAFF
from servicekit.runtime import Runtime

DEMO_ADMIN = "admin@kaufbeuren-aktiv.invalid"
# one demo account per department role: the same people the services' seeds act as (servicekit.demo)
DEMO_USERS = {person.email: (person.name, list(person.roles)) for person in STAFF}


def bootstrap(runtime: Runtime) -> str:
    runtime.migrate()
    settings = runtime.settings
    accounts = Accounts(runtime.engine)
    if settings.admin_email and settings.admin_password:
        if accounts.by_email(settings.admin_email) is None:
            accounts.create(settings.admin_email, "Administration", ["admin"], settings.admin_password)
            return f"Administrator {settings.admin_email} angelegt (aus AKTIV_ADMIN_EMAIL)."
        return f"Administrator {settings.admin_email} existiert bereits."
    if settings.production:
        if not any("admin" in u.roles for u in accounts.list()):
            return ("Kein Administrator vorhanden. Bitte AKTIV_ADMIN_EMAIL/AKTIV_ADMIN_PASSWORD setzen oder "
                    "`python -m gateway.cli create-admin` ausführen.")
        return "Gateway bereit."
    password_file = settings.var_dir / "admin-password.txt"
    if accounts.by_email(DEMO_ADMIN) is not None and password_file.exists():
        return f"Demo-Konten vorhanden; Passwort in {password_file}."
    password = secrets.token_urlsafe(12)
    for email, (name, roles) in {DEMO_ADMIN: ("Demo-Administration", ["admin"]), **DEMO_USERS}.items():
        existing = accounts.by_email(email)
        if existing is None:
            accounts.create(email, name, roles, password, demo=True)
        else:
            accounts.set_password(existing.id, password)
    password_file.parent.mkdir(parents=True, exist_ok=True)
    password_file.write_text(password + "\n")
    password_file.chmod(0o600)
    lines = [f"Demo-Anmeldung (nur Entwicklung): {DEMO_ADMIN} / {password}",
             "Weitere Demo-Konten mit demselben Passwort: " + ", ".join(DEMO_USERS),
             f"Passwort gespeichert in {password_file}"]
    return "\n".join(lines)


def create_admin(runtime: Runtime, email: str, password: str | None) -> str:
    runtime.migrate()
    accounts = Accounts(runtime.engine)
    if password is None:
        password = getpass.getpass("Passwort (mindestens 12 Zeichen): ")
    existing = accounts.by_email(email)
    if existing is not None:
        accounts.update(existing.id, roles=sorted(set(existing.roles) | {"admin"}), active=True)
        accounts.set_password(existing.id, password)
        return f"{email} ist jetzt Administrator (Passwort neu gesetzt)."
    accounts.create(email, "Administration", ["admin"], password)
    return f"Administrator {email} angelegt."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gateway", description="Kaufbeuren aktiv Gateway")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate")
    sub.add_parser("bootstrap")
    create = sub.add_parser("create-admin")
    create.add_argument("email")
    create.add_argument("--password-stdin", action="store_true", help="Passwort von stdin lesen")
    args = parser.parse_args(argv)
    runtime = Runtime(SPEC)
    try:
        if args.command == "migrate":
            runtime.migrate()
            print("gateway: Datenbank auf dem neuesten Stand")
        elif args.command == "bootstrap":
            print(bootstrap(runtime))
        else:
            password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
            print(create_admin(runtime, args.email, password))
    except AccountError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    finally:
        runtime.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
