"""Signed, expiring tokens for the confirmation and unsubscribe links (itsdangerous, HMAC on the secret key)."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from newsletter.domain.model import InvalidToken

CONFIRM_SALT = "aktiv.newsletter.confirm"
UNSUBSCRIBE_SALT = "aktiv.newsletter.unsubscribe"


class Tokens:
    def __init__(self, secret_key: str, confirm_ttl_hours: int = 72, unsubscribe_ttl_days: int = 400) -> None:
        self._confirm = URLSafeTimedSerializer(secret_key, salt=CONFIRM_SALT)
        # One per recipient and mail: a plain timestamp signature over the id (no JSON, no zlib) is cheaper.
        self._unsubscribe = TimestampSigner(secret_key, salt=UNSUBSCRIBE_SALT)
        self.confirm_ttl = confirm_ttl_hours * 3600
        self.unsubscribe_ttl = unsubscribe_ttl_days * 86400

    @classmethod
    def from_settings(cls, settings) -> Tokens:
        return cls(settings.secret_key, int(settings.get("CONFIRM_TTL_HOURS", "72") or 72),
                   int(settings.get("UNSUBSCRIBE_TTL_DAYS", "400") or 400))

    def confirm_token(self, subscriber_id: str, consent_id: str) -> str:
        return self._confirm.dumps([subscriber_id, consent_id])

    def unsubscribe_token(self, subscriber_id: str) -> str:
        return self._unsubscribe.sign(subscriber_id).decode("ascii")

    def read_confirm(self, token: str, max_age: int | None = None) -> tuple[str, str]:
        value = _load(self._confirm, token, self.confirm_ttl if max_age is None else max_age,
                      "Der Bestätigungslink ist abgelaufen. Bitte melden Sie sich erneut an.")
        if not (isinstance(value, list) and len(value) == 2):
            raise InvalidToken("Der Bestätigungslink ist ungültig.")
        return str(value[0]), str(value[1])

    def read_unsubscribe(self, token: str, max_age: int | None = None) -> str:
        return _load(self._unsubscribe, token, self.unsubscribe_ttl if max_age is None else max_age,
                     "Der Abmeldelink ist abgelaufen. Bitte nutzen Sie den Link aus einer neueren "
                     "Ausgabe oder schreiben Sie uns.")


def _load(serializer, token: str, max_age: int, expired_text: str):
    if not token or not isinstance(token, str) or len(token) > 500:
        raise InvalidToken("Der Link ist unvollständig oder ungültig.")
    try:
        if isinstance(serializer, TimestampSigner):
            return serializer.unsign(token, max_age=max_age).decode("ascii")
        return serializer.loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise InvalidToken(expired_text) from exc
    except BadSignature as exc:
        raise InvalidToken("Der Link ist ungültig oder wurde verändert. Bitte kopieren Sie ihn vollständig "
                           "aus der E-Mail.") from exc
