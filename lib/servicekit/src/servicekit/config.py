"""Settings: the only reader of os.environ.

Defaults give the embedded mode (SQLite per service, kombu ``filesystem://`` bus under ``var/``).
With ``AKTIV_ENV=production`` missing secrets fail fast.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

SERVICES = ("programmes", "finance", "participation", "newsletter")
PORTS = {"gateway": 8080, "programmes": 8101, "finance": 8102, "participation": 8103, "newsletter": 8104}


class ConfigError(RuntimeError):
    """A required setting is missing or malformed."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: Mapping[str, str], key: str, default: int) -> int:
    raw = env.get(key)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{key} must be an integer, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    service: str
    env: str = "development"
    var_dir: Path = Path("var")
    database_url: str = ""
    broker_url: str = ""
    secret_key: str = "dev-only-not-secret"  # noqa: S105 - embedded mode only; production fails fast
    # One key shared by the department services (not the gateway): the lookup key of a person in the erasure
    # event is an HMAC of their address under it (servicekit.erasure), so the event carries no address.
    erasure_key: str = "dev-only-erasure-key"
    jwt_public_key_file: str = ""
    jwt_private_key_file: str = ""
    jwks_url: str = ""
    jwt_issuer: str = "aktiv-gateway"
    jwt_audience: str = "aktiv-services"
    token_ttl_seconds: int = 300
    delivery_limit: int = 5
    prefetch: int = 50
    relay_batch_size: int = 200
    relay_poll_seconds: float = 0.2
    outbox_retention_days: int = 7
    log_level: str = "INFO"
    bind_host: str = "127.0.0.1"
    web_workers: int = 2
    web_threads: int = 4
    log_json: bool = True
    public_url: str = "http://127.0.0.1:8080"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    mail_from: str = "Kaufbeuren aktiv <newsletter@kaufbeuren-aktiv.invalid>"
    redis_url: str = ""
    upstreams: Mapping[str, str] = field(default_factory=dict)
    admin_email: str = ""
    admin_password: str = ""
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def testing(self) -> bool:
        return self.env == "test"

    @property
    def bus_dir(self) -> Path:
        return self.var_dir / "bus"

    @property
    def port(self) -> int:
        return PORTS.get(self.service, 8000)

    def get(self, key: str, default: str = "") -> str:
        """A service-specific setting ``AKTIV_<SERVICE>_<KEY>`` (or ``AKTIV_<KEY>``)."""
        return self.extra.get(key.upper(), default)

    @classmethod
    def from_env(cls, service: str, environ: Mapping[str, str] | None = None, *, validate: bool = True,
                 **overrides) -> Settings:
        env = dict(os.environ if environ is None else environ)
        svc = service.upper()
        mode = env.get("AKTIV_ENV", "development")
        var_dir = Path(env.get("AKTIV_VAR_DIR", "var")).absolute()
        db_default = f"sqlite:///{var_dir / 'data' / (service + '.db')}"
        upstreams = {
            s: env.get(f"AKTIV_{s.upper()}_URL", f"http://127.0.0.1:{PORTS[s]}") for s in SERVICES
        }
        prefix = f"AKTIV_{svc}_"
        extra = {k[len(prefix):]: v for k, v in env.items() if k.startswith(prefix)}
        values = dict(
            service=service,
            env=mode,
            var_dir=var_dir,
            database_url=env.get(f"AKTIV_{svc}_DATABASE_URL") or env.get("AKTIV_DATABASE_URL") or db_default,
            broker_url=env.get("AKTIV_BROKER_URL", "filesystem://"),
            secret_key=env.get("AKTIV_SECRET_KEY", "" if mode == "production" else "dev-only-not-secret"),
            erasure_key=env.get("AKTIV_ERASURE_KEY", "" if mode == "production" else cls.erasure_key),
            jwt_public_key_file=env.get(
                "AKTIV_JWT_PUBLIC_KEY_FILE", "" if mode == "production" else str(var_dir / "keys" / "jwt.pub.pem")
            ),
            jwt_private_key_file=env.get(
                "AKTIV_JWT_PRIVATE_KEY_FILE", "" if mode == "production" else str(var_dir / "keys" / "jwt.pem")
            ),
            jwks_url=env.get("AKTIV_JWKS_URL", ""),
            jwt_issuer=env.get("AKTIV_JWT_ISSUER", "aktiv-gateway"),
            token_ttl_seconds=_int(env, "AKTIV_TOKEN_TTL_SECONDS", 300),
            delivery_limit=_int(env, "AKTIV_DELIVERY_LIMIT", 5),
            prefetch=_int(env, "AKTIV_PREFETCH", 50),
            relay_batch_size=_int(env, "AKTIV_RELAY_BATCH_SIZE", 200),
            outbox_retention_days=_int(env, "AKTIV_OUTBOX_RETENTION_DAYS", 7),
            log_level=env.get("AKTIV_LOG_LEVEL", "INFO"),
            bind_host=env.get("AKTIV_BIND_HOST", "127.0.0.1"),
            web_workers=_int(env, "AKTIV_WEB_WORKERS", 2),
            web_threads=_int(env, "AKTIV_WEB_THREADS", 4),
            log_json=_bool(env.get("AKTIV_LOG_JSON"), True),
            public_url=env.get("AKTIV_PUBLIC_URL", "http://127.0.0.1:8080"),
            smtp_host=env.get("AKTIV_SMTP_HOST", "127.0.0.1"),
            smtp_port=_int(env, "AKTIV_SMTP_PORT", 8025),
            smtp_user=env.get("AKTIV_SMTP_USER", ""),
            smtp_password=env.get("AKTIV_SMTP_PASSWORD", ""),
            smtp_starttls=_bool(env.get("AKTIV_SMTP_STARTTLS"), False),
            mail_from=env.get("AKTIV_MAIL_FROM", cls.mail_from),
            redis_url=env.get("AKTIV_REDIS_URL", ""),
            upstreams=upstreams,
            admin_email=env.get("AKTIV_ADMIN_EMAIL", ""),
            admin_password=env.get("AKTIV_ADMIN_PASSWORD", ""),
            oidc_issuer=env.get("AKTIV_OIDC_ISSUER", ""),
            oidc_client_id=env.get("AKTIV_OIDC_CLIENT_ID", ""),
            oidc_client_secret=env.get("AKTIV_OIDC_CLIENT_SECRET", ""),
            extra=extra,
        )
        values.update(overrides)
        settings = cls(**values)
        if validate:
            settings.validate()
        return settings

    def validate(self) -> None:
        if self.env not in {"development", "test", "production"}:
            raise ConfigError(f"AKTIV_ENV must be development, test or production, not {self.env!r}")
        if not self.production:
            return
        missing = []
        if not self.secret_key or self.secret_key == "dev-only-not-secret":  # noqa: S105
            missing.append("AKTIV_SECRET_KEY")
        if self.database_url.startswith("sqlite"):
            missing.append(f"AKTIV_{self.service.upper()}_DATABASE_URL (PostgreSQL)")
        if self.broker_url.startswith("filesystem"):
            missing.append("AKTIV_BROKER_URL (amqp://)")
        if self.service in SERVICES and (not self.erasure_key or self.erasure_key == Settings.erasure_key):
            missing.append("AKTIV_ERASURE_KEY")
        if self.service == "gateway":
            if not self.jwt_private_key_file:
                missing.append("AKTIV_JWT_PRIVATE_KEY_FILE")
        elif not (self.jwt_public_key_file or self.jwks_url):
            missing.append("AKTIV_JWT_PUBLIC_KEY_FILE or AKTIV_JWKS_URL")
        if missing:
            raise ConfigError("production settings missing: " + ", ".join(missing))
