"""Crawl a department UI with the Flask test client: pages reachable by links under /intern/<svc>/, and every
<form method="post"> on them with its fields (name → first value)."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

SKIP = (".csv", ".pdf", ".svg", ".ics", ".png", ".rss", "/abmelden", "/_kit/", "/export")


@dataclass
class Form:
    page: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            method = (a.get("method") or "get").lower()
            self._form = Form(page="", action=a.get("action") or "") if method == "post" else None
            if self._form is not None:
                self.forms.append(self._form)
        elif self._form is not None and tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form.fields.setdefault(a["name"], None)
                return
            if kind not in ("submit", "button", "file") or a["name"] not in self._form.fields:
                self._form.fields[a["name"]] = a.get("value") or ""
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form.fields.setdefault(a["name"], "")
        elif self._form is not None and tag == "option" and self._select:
            if not self._form.fields.get(self._select) or "selected" in a:
                self._form.fields[self._select] = a.get("value") or ""
        elif self._form is not None and tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form.fields[a["name"]] = ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse(html: str, page: str) -> tuple[list[str], list[Form]]:
    parser = _Parser()
    parser.feed(html)
    for form in parser.forms:
        form.page = page
        form.action = urljoin(page, form.action) if form.action else page
        form.fields = {k: v for k, v in form.fields.items() if v is not None}
    return [urljoin(page, href) for href in parser.links], parser.forms


def shape(url: str) -> str:
    """The URL with ids replaced, so one form per kind of page is enough."""
    path = urlsplit(url).path
    return re.sub(r"/(demo-[^/]+|[0-9a-f]{32}|\d+)(?=/|$)", "/{id}", path)


def crawl(client, service: str, headers: dict, *, limit: int = 120,
          errors: list | None = None) -> tuple[dict[str, str], list[Form]]:
    """→ ({page url: html}, forms, one per (page shape, action shape)). Pages answering 5xx are appended to
    ``errors`` as "url → status"."""
    start = f"/intern/{service}/"
    queue, seen, pages, forms, shapes = deque([start]), {start}, {}, [], set()
    page_shapes: dict[str, int] = {}
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url, headers=headers)
        if response.status_code >= 500 and errors is not None:
            errors.append(f"{url} → {response.status_code}")
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        pages[url] = html
        links, found = parse(html, url)
        for form in found:
            key = (shape(form.page), shape(form.action))
            if key not in shapes:
                shapes.add(key)
                forms.append(form)
        for link in links:
            parts = urlsplit(link)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.netloc or not parts.path.startswith(start) or any(s in parts.path for s in SKIP):
                continue
            if target in seen:
                continue
            count = page_shapes.get(shape(target) + ("?" if parts.query else ""), 0)
            if count >= 3:  # three pages of a kind (e.g. three project pages) are enough
                continue
            page_shapes[shape(target) + ("?" if parts.query else "")] = count + 1
            seen.add(target)
            queue.append(target)
    return pages, forms
