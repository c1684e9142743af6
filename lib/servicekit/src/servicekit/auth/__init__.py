"""Verification of the gateway-issued short-lived token → Principal; ``require_roles`` on every endpoint."""

from servicekit.auth.principal import ROLES, Principal, acting_as, actor_name, current_principal, require_roles
from servicekit.auth.tokens import TokenError, TokenIssuer, TokenVerifier, generate_keypair

__all__ = ["ROLES", "Principal", "acting_as", "actor_name", "current_principal", "require_roles", "TokenError",
           "TokenIssuer", "TokenVerifier", "generate_keypair"]
