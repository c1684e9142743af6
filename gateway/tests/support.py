"""Helpers shared by the gateway tests."""

from __future__ import annotations

import re
import socket

PASSWORD = "richtig-langes-passwort"  # noqa: S105 - test account


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "no csrf token in page"
    return match.group(1)


def add_user(app, email: str, roles, password: str = PASSWORD):
    return app.extensions["gateway_accounts"].create(email, email.split("@")[0], roles, password)


def login(client, email: str, password: str = PASSWORD, next_url: str = ""):
    page = client.get("/anmelden")
    token = csrf_of(page.get_data(as_text=True))
    return client.post("/anmelden" + (f"?next={next_url}" if next_url else ""),
                       data={"csrf_token": token, "email": email, "password": password})
