"""Mail rendering (Jinja2 → multipart text + HTML) and message assembly (:mod:`newsletter.mail.message`)."""

from __future__ import annotations

import functools
import html
import re
from datetime import datetime
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from newsletter.domain.model import greeting
from newsletter.mail.message import build, one_line

TEMPLATES = Path(__file__).parent / "templates"
# The issue mail's stylesheet: inlined into every mail, served to the department's preview as a static file.
MAIL_CSS = Path(__file__).parents[1] / "ui" / "static" / "mail.css"
TX_TEMPLATES = ("meeting_invitation", "registration_confirmation", "registration_waiting",
                "registration_promoted", "volunteer_confirmation", "generic", "optin")
GREETING_MARK, UNSUB_MARK = "\x1agreeting\x1a", "\x1aunsubscribe\x1a"

FOOTER = {
    "de": {"more": "Mehr lesen", "archive": "Alle Ausgaben im Archiv",
           "why": "Sie erhalten diesen Newsletter, weil Sie ihn bestellt und Ihre Anmeldung bestätigt haben.",
           "unsubscribe": "Newsletter abbestellen (ein Klick, kostenlos)",
           "sender": "Stadt Kaufbeuren · Koordinierungsstelle Bürgerschaftliches Engagement · Kaiser-Max-Straße 1 · "
                     "87600 Kaufbeuren",
           "office": "Kaufbeuren aktiv · Koordinierungsstelle Bürgerschaftliches Engagement"},
    "en": {"more": "Read more", "archive": "All issues in the archive",
           "why": "You receive this newsletter because you subscribed and confirmed your subscription.",
           "unsubscribe": "Unsubscribe (one click, free of charge)",
           "sender": "City of Kaufbeuren · Coordination office for civic engagement · Kaiser-Max-Straße 1 · "
                     "87600 Kaufbeuren",
           "office": "Kaufbeuren aktiv · Coordination office for civic engagement"},
}
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def _when(value, lang: str = "de") -> str:
    if not value:
        return ""
    try:
        dt = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if lang == "de":
        return dt.strftime("%d.%m.%Y, %H:%M Uhr")
    # English month names without the process locale (strftime's %B would follow LC_TIME).
    return f"{dt.day} {MONTHS_EN[dt.month - 1]} {dt.year}, {dt:%H:%M}"


_html_env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
_text_env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=False,  # noqa: S701  # nosec B701 - plain-text parts
                        keep_trailing_newline=True)
for _env in (_html_env, _text_env):
    _env.filters["when"] = _when


def absolute_url(link, public_url: str) -> str:
    """A link as a mail needs it: absolute http(s). A site-relative link (``/projekte/juze``, as the auto-drafted
    news items carry) gets the public address in front; an absolute http(s) link stays; anything else (another
    scheme, ``//host``) is no link in a mail at all. The web archive keeps the stored link (it is on the site)."""
    link = str(link or "").strip()
    if not link:
        return ""
    parts = urlsplit(link)
    if parts.scheme in ("http", "https") and parts.netloc:
        return link
    if parts.scheme or parts.netloc or link.startswith("//") or "\\" in link:
        return ""
    return public_url.rstrip("/") + "/" + link.lstrip("/")


def _absolute_links(values: dict, public_url: str) -> dict:
    """``values`` with every ``…link``/``…url`` text made absolute (transactional mails' context)."""
    return {k: absolute_url(v, public_url) if isinstance(v, str) and (k.endswith("link") or k.endswith("url"))
            else v for k, v in values.items()}


class Mail:
    """A rendered mail, not yet addressed to an SMTP envelope."""

    __slots__ = ("subject", "text", "html", "headers")

    def __init__(self, subject: str, text: str, html_body: str, headers: dict | None = None) -> None:
        self.subject, self.text, self.html, self.headers = subject, text, html_body, headers or {}


def assemble(mail: Mail, *, mail_from: str, to_addr: str, to_name: str, message_id: str) -> bytes:
    """RFC 5322 bytes, built as an EmailMessage: multipart/alternative, plain text and HTML (UTF-8, base64)."""
    return build(subject=mail.subject, text=mail.text, html=mail.html, headers=mail.headers, mail_from=mail_from,
                 to_addr=to_addr, to_name=to_name, message_id=message_id)


_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def message_id(kind: str, key: str, mail_from: str) -> str:
    """Stable per (issue, subscriber) or per transactional mail: a resend after a crash carries the same id,
    so receiving systems can recognise it."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "kaufbeuren-aktiv.invalid"
    return f"<{kind}.{_ID_UNSAFE.sub('-', key)}@{_ID_UNSAFE.sub('-', domain)}>"


@functools.cache
def _mail_css() -> str:
    text = MAIL_CSS.read_text(encoding="utf-8")
    return re.sub(r"/\*.*?\*/\n?", "", text, flags=re.S)  # the file's comment is for developers, not mails


class IssueTemplate:
    """An issue rendered once per language with markers; each recipient costs two string replacements."""

    def __init__(self, issue: dict, items: list[dict], public_url: str, lang: str = "de",
                 css_url: str | None = None) -> None:
        """``css_url``: the preview in the department UI, which links the stylesheet (and has no inline style
        attributes) instead of carrying it, so it is shown under a CSP without 'unsafe-inline'."""
        items = [{**item, "link": absolute_url(item.get("link"), public_url)} for item in items]
        ctx = {"issue": issue, "items": items, "lang": lang, "t": FOOTER[lang], "greeting": GREETING_MARK,
               "unsubscribe_url": UNSUB_MARK, "archive_url": f"{public_url}/newsletter/archiv/{issue['id']}",
               "css_url": css_url, "css": "" if css_url else _mail_css()}
        self.html = _html_env.get_template("issue.html").render(**ctx)
        self.text = _text_env.get_template("issue.txt").render(**ctx)
        self.subject = one_line(issue["title"])
        self.lang = lang

    def personalise(self, name: str, unsubscribe_url: str) -> Mail:
        hello = greeting(one_line(name), self.lang)
        text = self.text.replace(GREETING_MARK, hello).replace(UNSUB_MARK, unsubscribe_url)
        html_body = self.html.replace(GREETING_MARK, html.escape(hello)).replace(UNSUB_MARK,
                                                                                 html.escape(unsubscribe_url))
        return Mail(self.subject, text, html_body, {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": "Kaufbeuren aktiv Newsletter <newsletter.kaufbeuren-aktiv.invalid>",
            "Precedence": "bulk",
        })


def render_transactional(template: str, language: str, name: str, context: dict,
                         public_url: str | None = None) -> Mail:
    """Own German/English templates per kind: first line is the subject, the rest the text body. The subject
    line is rendered on its own with one-line values, so a line break in a value cannot move text between
    subject and body. With ``public_url``, a site-relative link in the context becomes absolute."""
    if public_url:
        context = _absolute_links(context, public_url)
    lang = language if language in ("de", "en") else "de"
    if template not in TX_TEMPLATES:
        template = "generic"
    hello = greeting(one_line(name), lang)
    subject_tpl, body_tpl = _tx_templates(_text_env.loader.get_source(_text_env, f"tx/{template}.{lang}.txt")[0])
    short = {k: one_line(v) if isinstance(v, str) else v for k, v in context.items()}
    subject = one_line(subject_tpl.render(ctx=_Ctx(short), greeting=hello, **short))
    body = body_tpl.render(ctx=_Ctx(context), greeting=hello, **context)
    paragraphs = [p.split("\n") for p in body.strip().split("\n\n") if p.strip()]
    html_body = _html_env.get_template("transactional.html").render(subject=subject, paragraphs=paragraphs,
                                                                    lang=lang, office=FOOTER[lang]["office"])
    return Mail(subject, body.strip() + "\n", html_body, {"Auto-Submitted": "auto-generated"})


@functools.lru_cache(maxsize=64)
def _tx_templates(source: str):
    """(subject line, body) of a transactional template's source; read on every mail, compiled once."""
    first, _, rest = source.partition("\n")
    return _text_env.from_string(first), _text_env.from_string(rest)


class _Ctx(dict):
    """Missing context keys render as empty strings instead of failing the mail."""

    def __getattr__(self, key):
        return self.get(key, "")
