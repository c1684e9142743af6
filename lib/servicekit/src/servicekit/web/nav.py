"""The department navigation of the kit's frame (``servicekit/base.html``): the link of the page being shown is
marked ``aria-current="page"``, the same way in every department, without each layout doing it."""

from __future__ import annotations

import re

from markupsafe import Markup

_LINK = re.compile(r'<a href="([^"]+)"')


def mark_current(nav_html, path: str) -> Markup:
    """The link whose address is the longest prefix of ``path`` gets ``aria-current="page"``; a department's
    start page (``/intern/<svc>/``) only when it is the page itself."""
    html = str(nav_html)
    best, best_len = None, -1
    for match in _LINK.finditer(html):
        href = match.group(1).split("?", 1)[0]
        root = href.count("/") <= 3 and href.endswith("/")  # /intern/<svc>/
        hit = path == href if root else (path == href or path.startswith(href.rstrip("/") + "/"))
        if hit and len(href) > best_len:
            best, best_len = match, len(href)
    if best is None:
        return Markup(html)  # noqa: S704 - the layout's own rendered (escaped) markup
    return Markup(html[:best.start()] + f'<a aria-current="page" href="{best.group(1)}"' + html[best.end():])  # noqa: S704
