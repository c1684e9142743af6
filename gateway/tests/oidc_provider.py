"""A minimal OpenID Connect provider for tests, built from joserfc (Authlib's JOSE library): discovery, authorization code
with PKCE (S256), token endpoint with an RS256 id_token, JWKS and userinfo. It auto-approves the user set
in ``provider.user`` (a real provider would show its own login form)."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from urllib.parse import urlencode

from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server


class OidcProvider:
    def __init__(self, client_id: str = "aktiv-gateway", client_secret: str = "s3cret") -> None:  # noqa: S107
        self.client_id, self.client_secret = client_id, client_secret
        self.key = RSAKey.generate_key(2048)
        self.key_id = "test-key"
        self.user = {"sub": "kc-123", "email": "anna@example.org", "email_verified": True, "name": "Anna"}
        self.codes: dict[str, dict] = {}
        self.server = make_server("127.0.0.1", 0, self._app(), threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}/realms/aktiv"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _app(self) -> Flask:
        app = Flask("oidc_provider")
        base = "/realms/aktiv"

        @app.get(base + "/.well-known/openid-configuration")
        def discovery():
            return jsonify(issuer=self.issuer, authorization_endpoint=self.issuer + "/auth",
                           token_endpoint=self.issuer + "/token", jwks_uri=self.issuer + "/certs",
                           userinfo_endpoint=self.issuer + "/userinfo", response_types_supported=["code"],
                           subject_types_supported=["public"], id_token_signing_alg_values_supported=["RS256"],
                           code_challenge_methods_supported=["S256"])

        @app.get(base + "/auth")
        def authorize():
            args = request.args
            if args.get("client_id") != self.client_id or args.get("response_type") != "code":
                return "invalid client", 400
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"nonce": args.get("nonce"), "challenge": args.get("code_challenge"),
                                "redirect_uri": args["redirect_uri"], "user": dict(self.user)}
            return redirect(args["redirect_uri"] + "?" + urlencode({"code": code, "state": args.get("state", "")}))

        @app.post(base + "/token")
        def token():
            form = request.form
            client_id, secret = form.get("client_id"), form.get("client_secret")
            if request.authorization:
                client_id, secret = request.authorization.username, request.authorization.password
            grant = self.codes.pop(form.get("code", ""), None)
            if client_id != self.client_id or secret != self.client_secret or grant is None:
                return jsonify(error="invalid_grant"), 400
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if grant["challenge"] and challenge != grant["challenge"]:
                return jsonify(error="invalid_grant", error_description="PKCE"), 400
            now = int(time.time())
            claims = {"iss": self.issuer, "aud": self.client_id, "iat": now, "exp": now + 300,
                      "nonce": grant["nonce"], **grant["user"]}
            id_token = jwt.encode({"alg": "RS256", "kid": self.key_id}, claims, self.key)
            access = secrets.token_urlsafe(16)
            self.codes["access:" + access] = grant
            return jsonify(access_token=access, token_type="Bearer", expires_in=300, id_token=id_token)

        @app.get(base + "/certs")
        def certs():
            public = self.key.as_dict(private=False)
            public.update(kid=self.key_id, use="sig", alg="RS256")
            return jsonify(keys=[public])

        @app.get(base + "/userinfo")
        def userinfo():
            grant = self.codes.get("access:" + request.headers.get("Authorization", "")[7:])
            return (jsonify(grant["user"]), 200) if grant else (jsonify(error="invalid_token"), 401)

        return app
