"""EdDSA (Ed25519) tokens with PyJWT. The gateway signs; every service verifies with the public key
from a PEM file or the gateway's JWKS endpoint."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ALGORITHM = "EdDSA"


class TokenError(Exception):
    """The token is missing, malformed, expired, tampered or signed with another key."""


def generate_keypair(private_path: Path, public_path: Path) -> None:
    """Create an Ed25519 key pair if none exists (embedded mode; production mounts a secret)."""
    if private_path.exists() and public_path.exists():
        return
    private_path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    private_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    private_path.chmod(0o600)
    public_path.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                          serialization.PublicFormat.SubjectPublicKeyInfo))


def key_id(public_pem: bytes) -> str:
    import hashlib

    return hashlib.sha256(public_pem).hexdigest()[:16]


class TokenIssuer:
    def __init__(self, private_pem: bytes, issuer: str, audience: str, ttl_seconds: int = 300) -> None:
        self.key = serialization.load_pem_private_key(private_pem, password=None)
        self.public_pem = self.key.public_key().public_bytes(serialization.Encoding.PEM,
                                                             serialization.PublicFormat.SubjectPublicKeyInfo)
        self.kid = key_id(self.public_pem)
        self.issuer = issuer
        self.audience = audience
        self.ttl = ttl_seconds

    def issue(self, user: str, roles: list[str], name: str = "", kind: str = "user", ttl: int | None = None) -> str:
        now = int(time.time())
        claims = {"sub": user, "roles": sorted(set(roles)), "name": name or user, "kind": kind,
                  "iss": self.issuer, "aud": self.audience, "iat": now, "nbf": now - 5,
                  "exp": now + (ttl if ttl is not None else self.ttl), "jti": str(uuid.uuid4())}
        return jwt.encode(claims, self.key, algorithm=ALGORITHM, headers={"kid": self.kid})

    def jwks(self) -> dict:
        jwk = jwt.algorithms.OKPAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        jwk.update({"kid": self.kid, "use": "sig", "alg": ALGORITHM})
        return {"keys": [jwk]}


class TokenVerifier:
    def __init__(self, *, public_pem: bytes | None = None, jwks_url: str = "", issuer: str, audience: str) -> None:
        self.issuer = issuer
        self.audience = audience
        self._static_key = serialization.load_pem_public_key(public_pem) if public_pem else None
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300) if jwks_url else None

    @classmethod
    def from_settings(cls, settings) -> TokenVerifier:
        pem = None
        if settings.jwt_public_key_file and Path(settings.jwt_public_key_file).exists():
            pem = Path(settings.jwt_public_key_file).read_bytes()
        return cls(public_pem=pem, jwks_url=settings.jwks_url, issuer=settings.jwt_issuer,
                   audience=settings.jwt_audience)

    def verify(self, token: str) -> dict:
        try:
            if self._jwks is not None:
                key = self._jwks.get_signing_key_from_jwt(token).key
            elif self._static_key is not None:
                key = self._static_key
            else:
                raise TokenError("no verification key configured")
            return jwt.decode(token, key, algorithms=[ALGORITHM], audience=self.audience, issuer=self.issuer,
                              options={"require": ["exp", "iat", "sub", "iss", "aud"]})
        except jwt.PyJWTError as exc:
            raise TokenError(str(exc)) from exc
