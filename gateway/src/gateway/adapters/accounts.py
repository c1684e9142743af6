"""Account store: users with roles, login sessions and API tokens (SQLAlchemy Core).

Session ids and API tokens are random secrets; only their SHA-256 is stored, so a database leak does not
leak usable credentials. Passwords are hashed with argon2id."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, insert, select, update

from gateway.adapters.orm import api_token, login_session, metadata, user
from servicekit.auth.principal import ROLES
from servicekit.db.audit import record_audit
from servicekit.db.engine import writing

HASHER = PasswordHasher()
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=10)
TOKEN_PREFIX = "aktiv_"  # noqa: S105 - a public marker, not a secret
# A hash to verify against when the account is unknown, so timing does not reveal which e-mails exist.
_DUMMY_HASH = HASHER.hash("timing-equaliser")


def now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class AccountError(Exception):
    """A German message for the admin UI / CLI. It keeps its template and values, so the admin UI can show it in
    the reader's language (``i18n.translate_message``)."""

    def __init__(self, template: str, **params) -> None:
        super().__init__(template % params if params else template)
        self.template, self.params = template, params


@dataclass(frozen=True)
class User:
    id: str
    email: str
    name: str
    roles: tuple[str, ...]
    active: bool
    locked_until: datetime | None
    demo: bool = False

    @property
    def locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > now()


def _user(row) -> User:
    return User(id=row.id, email=row.email, name=row.name, roles=tuple(row.roles or ()), active=row.active,
                locked_until=_aware(row.locked_until), demo=row.demo)


def clean_roles(roles) -> list[str]:
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise AccountError("Unbekannte Rolle: %(roles)s", roles=", ".join(unknown))
    return sorted(set(roles))


def _audit(conn, actor: str, entity: str, entity_id: str, action: str, changes: dict | None = None) -> None:
    """The gateway's actors are accounts named by their e-mail: their name is stored with the entry, so the
    history reads "Frieda Freigabe", also after the account is renamed or removed."""
    name = conn.execute(select(user.c.name).where(user.c.email == actor)).scalar() if actor else None
    record_audit(conn, metadata, actor=actor, entity=entity, entity_id=entity_id, action=action, changes=changes,
                 actor_name=name or "")


class Accounts:
    """Every change and every login attempt is written to the audit log in the same transaction."""

    def __init__(self, engine) -> None:
        self.engine = engine

    def history(self, entity_id: str, limit: int = 30) -> list:
        table = metadata.tables["audit_log"]
        with self.engine.connect() as conn:
            return list(conn.execute(select(table).where(table.c.entity_id == entity_id)
                                     .order_by(table.c.id.desc()).limit(limit)).mappings())

    # -- users ---------------------------------------------------------------------------------------------
    def get(self, user_id: str) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(user).where(user.c.id == user_id)).first()
        return _user(row) if row else None

    def by_email(self, email: str) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(user).where(user.c.email == email.strip().lower())).first()
        return _user(row) if row else None

    def list(self) -> list[User]:
        with self.engine.connect() as conn:
            return [_user(r) for r in conn.execute(select(user).order_by(user.c.email))]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(user)).scalar_one()

    def create(self, email: str, name: str, roles, password: str | None, *, demo: bool = False,
               oidc_subject: str | None = None, actor: str = "system") -> User:
        email = email.strip().lower()
        if "@" not in email:
            raise AccountError("Bitte eine gültige E-Mail-Adresse angeben.")
        if password is not None:
            check_password_policy(password)
        if self.by_email(email):
            raise AccountError("Es gibt bereits ein Konto für %(email)s.", email=email)
        uid = uuid.uuid4().hex
        with writing(self.engine) as conn:
            conn.execute(insert(user).values(
                id=uid, email=email, name=name.strip() or email, roles=clean_roles(roles),
                password_hash=HASHER.hash(password) if password else None, active=True, failed_logins=0,
                demo=demo, oidc_subject=oidc_subject, created_at=now()))
            _audit(conn, actor, "user", uid, "created", {"email": email, "roles": clean_roles(roles)})
        return self.get(uid)

    def update(self, user_id: str, *, name: str | None = None, roles=None, active: bool | None = None,
               actor: str = "system") -> None:
        values = {}
        if name is not None:
            values["name"] = name.strip()
        if roles is not None:
            values["roles"] = clean_roles(roles)
        if active is not None:
            values["active"] = active
        with writing(self.engine) as conn:
            conn.execute(update(user).where(user.c.id == user_id).values(**values))
            _audit(conn, actor, "user", user_id, "updated", values)
            if active is False:
                conn.execute(delete(login_session).where(login_session.c.user_id == user_id))

    def set_password(self, user_id: str, password: str, actor: str = "system") -> None:
        """A new password ends every session of the account (ASVS 3.3.3): whoever knew the old one is out.
        The views sign the person who changed their own password in again with a fresh session."""
        check_password_policy(password)
        with writing(self.engine) as conn:
            conn.execute(update(user).where(user.c.id == user_id).values(
                password_hash=HASHER.hash(password), failed_logins=0, locked_until=None))
            ended = conn.execute(delete(login_session).where(login_session.c.user_id == user_id)).rowcount or 0
            _audit(conn, actor, "user", user_id, "password_set", {"sessions_ended": ended})

    def unlock(self, user_id: str, actor: str = "system") -> None:
        with writing(self.engine) as conn:
            conn.execute(update(user).where(user.c.id == user_id).values(failed_logins=0, locked_until=None))
            _audit(conn, actor, "user", user_id, "unlocked")

    def authenticate(self, email: str, password: str) -> tuple[User | None, str]:
        """→ (user, "") or (None, reason) with reason in {"invalid", "locked", "inactive"}."""
        with self.engine.connect() as conn:
            row = conn.execute(select(user).where(user.c.email == email.strip().lower())).first()
        if row is None or not row.password_hash:
            _verify(_DUMMY_HASH, password)
            return None, "invalid"
        account = _user(row)
        if account.locked:
            return None, "locked"
        if not _verify(row.password_hash, password):
            failed = row.failed_logins + 1
            locked_until = now() + LOCKOUT if failed >= MAX_FAILED_LOGINS else None
            with writing(self.engine) as conn:
                conn.execute(update(user).where(user.c.id == row.id).values(
                    failed_logins=0 if locked_until else failed, locked_until=locked_until))
                _audit(conn, row.email, "user", row.id, "login_locked" if locked_until else "login_failed",
                       {"failed": failed})
            return None, "locked" if locked_until else "invalid"
        if not row.active:
            return None, "inactive"
        values = {"failed_logins": 0, "locked_until": None, "last_login_at": now()}
        if HASHER.check_needs_rehash(row.password_hash):
            values["password_hash"] = HASHER.hash(password)
        with writing(self.engine) as conn:
            conn.execute(update(user).where(user.c.id == row.id).values(**values))
            _audit(conn, row.email, "user", row.id, "login")
        return account, ""

    def by_oidc(self, subject: str, email: str) -> User | None:
        """The local account for an OIDC login: matched by subject, else linked once by verified e-mail."""
        with writing(self.engine) as conn:
            row = conn.execute(select(user).where(user.c.oidc_subject == subject)).first()
            if row is None and email:
                row = conn.execute(select(user).where(user.c.email == email.strip().lower())).first()
                if row is not None and row.oidc_subject is None:
                    conn.execute(update(user).where(user.c.id == row.id).values(oidc_subject=subject))
        return _user(row) if row is not None else None

    # -- sessions ------------------------------------------------------------------------------------------
    def open_session(self, user_id: str) -> str:
        sid = secrets.token_urlsafe(32)
        with writing(self.engine) as conn:
            conn.execute(insert(login_session).values(id_hash=sha256(sid), user_id=user_id, created_at=now(),
                                                      expires_at=now() + SESSION_LIFETIME))
        return sid

    def session_user(self, sid: str) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(login_session.c.expires_at, user).join(
                user, user.c.id == login_session.c.user_id).where(login_session.c.id_hash == sha256(sid))).first()
        if row is None or _aware(row.expires_at) < now() or not row.active:
            return None
        return _user(row)

    def close_session(self, sid: str) -> None:
        with writing(self.engine) as conn:
            conn.execute(delete(login_session).where(login_session.c.id_hash == sha256(sid)))

    # -- API tokens ----------------------------------------------------------------------------------------
    def create_token(self, name: str, roles, created_by: str, days: int | None = 365) -> tuple[str, str]:
        """→ (token id, plain token). The plain token is shown once and never stored."""
        if not name.strip():
            raise AccountError("Bitte einen Namen für das Token angeben.")
        plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
        tid = uuid.uuid4().hex
        with writing(self.engine) as conn:
            conn.execute(insert(api_token).values(
                id=tid, name=name.strip(), token_hash=sha256(plain), prefix=plain[:12], roles=clean_roles(roles),
                created_by=created_by, created_at=now(), expires_at=now() + timedelta(days=days) if days else None))
            _audit(conn, created_by, "api_token", tid, "created", {"name": name.strip(), "roles": clean_roles(roles)})
        return tid, plain

    def tokens(self) -> list:
        with self.engine.connect() as conn:
            return list(conn.execute(select(api_token).order_by(api_token.c.created_at.desc())))

    def revoke_token(self, token_id: str, actor: str = "system") -> None:
        with writing(self.engine) as conn:
            conn.execute(update(api_token).where(api_token.c.id == token_id, api_token.c.revoked_at.is_(None))
                         .values(revoked_at=now()))
            _audit(conn, actor, "api_token", token_id, "revoked")

    def token_principal(self, plain: str):
        """→ (token id, name, roles) for a valid, unrevoked, unexpired token, else None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(api_token).where(api_token.c.token_hash == sha256(plain))).first()
        if row is None or row.revoked_at is not None:
            return None
        if row.expires_at is not None and _aware(row.expires_at) < now():
            return None
        if row.last_used_at is None or _aware(row.last_used_at) < now() - timedelta(minutes=5):
            with writing(self.engine) as conn:
                conn.execute(update(api_token).where(api_token.c.id == row.id).values(last_used_at=now()))
        return row.id, row.name, list(row.roles or [])


def _verify(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_policy(password: str) -> None:
    if len(password) < 12:
        raise AccountError("Das Passwort muss mindestens 12 Zeichen lang sein.")
