"""Flask extensions shared by the blueprints. The limiter is created per app (its storage and key prefix are
per app); views declare their limits with ``rate_limited`` and ``apply_rate_limits`` wires them up. A limit with
a ``scope`` is shared: every view naming the same scope (and limit) counts in the same bucket per client."""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf import CSRFProtect

csrf = CSRFProtect()


def rate_limited(limit, methods: list[str] | None = None, *, scope=None, exempt_when=None):
    """Mark a view with a Flask-Limiter limit string (or a callable returning one); ``scope`` (a string or a
    callable of the endpoint) shares the counters with other views of that scope."""

    def decorator(view):
        view._aktiv_limit = (limit, methods, scope, exempt_when)
        return view

    return decorator


def make_limiter(app: Flask) -> Limiter:
    limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
    limiter.init_app(app)
    app.extensions["gateway_limiter"] = limiter
    return limiter


def apply_rate_limits(app: Flask, limiter: Limiter) -> None:
    for endpoint, view in list(app.view_functions.items()):
        marked = getattr(view, "_aktiv_limit", None)
        if marked:
            limit, methods, scope, exempt_when = marked
            if scope is None:
                app.view_functions[endpoint] = limiter.limit(limit, methods=methods, exempt_when=exempt_when)(view)
            else:
                app.view_functions[endpoint] = limiter.shared_limit(limit, scope, methods=methods,
                                                                    exempt_when=exempt_when)(view)
