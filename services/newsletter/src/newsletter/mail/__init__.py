"""Mail rendering (Jinja2 → multipart text + HTML) and message assembly."""

from __future__ import annotations

import base64
import html
import time
import uuid
from datetime import datetime
from email.header import Header
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from newsletter.domain.model import greeting

TEMPLATES = Path(__file__).parent / "templates"
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


class Mail:
    """A rendered mail, not yet addressed to an SMTP envelope."""

    __slots__ = ("subject", "text", "html", "headers")

    def __init__(self, subject: str, text: str, html_body: str, headers: dict | None = None) -> None:
        self.subject, self.text, self.html, self.headers = subject, text, html_body, headers or {}


def _b64(text: str) -> bytes:
    return base64.encodebytes(text.encode("utf-8"))


def _encoded_subject(subject: str) -> str:
    try:
        subject.encode("ascii")
        return subject
    except UnicodeEncodeError:
        return Header(subject, "utf-8").encode()


def assemble(mail: Mail, *, mail_from: str, to_addr: str, to_name: str, message_id: str,
             encoded_subject: str | None = None) -> bytes:
    """RFC 5322 bytes: multipart/alternative with a plain-text and an HTML part (both UTF-8, base64)."""
    boundary = BOUNDARY
    head = [
        f"From: {mail_from}",
        f"To: {formataddr((to_name, to_addr), 'utf-8') if to_name else to_addr}",
        f"Subject: {encoded_subject or _encoded_subject(mail.subject)}",
        f"Date: {_date_header()}",
        f"Message-ID: {message_id}",
        "MIME-Version: 1.0",
    ]
    head += [f"{k}: {v}" for k, v in mail.headers.items()]
    head.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
    parts = b"".join(
        b"--" + boundary.encode() + b"\r\nContent-Type: " + ctype + b'; charset="utf-8"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + _b64(body).replace(b"\n", b"\r\n")
        for ctype, body in ((b"text/plain", mail.text), (b"text/html", mail.html)))
    return ("\r\n".join(head) + "\r\n\r\n").encode("utf-8") + parts + b"--" + boundary.encode() + b"--\r\n"


# Both parts are base64, whose alphabet has no "_": this boundary can never occur inside a part.
BOUNDARY = "=_aktiv_part_boundary_" + uuid.uuid4().hex
_date_cache: list = [0, ""]


def _date_header() -> str:
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache[0], _date_cache[1] = now, format_datetime(datetime.now().astimezone())
    return _date_cache[1]


def message_id(kind: str, key: str, mail_from: str) -> str:
    """Stable per (issue, subscriber) or per transactional mail: a resend after a crash carries the same id,
    so receiving systems can recognise it."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "kaufbeuren-aktiv.invalid"
    return f"<{kind}.{key}@{domain}>"


class IssueTemplate:
    """An issue rendered once per language with markers; each recipient costs two string replacements."""

    def __init__(self, issue: dict, items: list[dict], public_url: str, lang: str = "de") -> None:
        ctx = {"issue": issue, "items": items, "lang": lang, "t": FOOTER[lang], "greeting": GREETING_MARK,
               "unsubscribe_url": UNSUB_MARK, "archive_url": f"{public_url}/newsletter/archiv/{issue['id']}"}
        self.html = _html_env.get_template("issue.html").render(**ctx)
        self.text = _text_env.get_template("issue.txt").render(**ctx)
        self.subject = issue["title"]
        self.encoded_subject = _encoded_subject(self.subject)
        self.lang = lang

    def personalise(self, name: str, unsubscribe_url: str) -> Mail:
        hello = greeting(name, self.lang)
        text = self.text.replace(GREETING_MARK, hello).replace(UNSUB_MARK, unsubscribe_url)
        html_body = self.html.replace(GREETING_MARK, html.escape(hello)).replace(UNSUB_MARK,
                                                                                 html.escape(unsubscribe_url))
        return Mail(self.subject, text, html_body, {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": "Kaufbeuren aktiv Newsletter <newsletter.kaufbeuren-aktiv.invalid>",
            "Precedence": "bulk",
        })


def render_transactional(template: str, language: str, name: str, context: dict) -> Mail:
    """Own German/English templates per kind: first line is the subject, the rest the text body."""
    lang = language if language in ("de", "en") else "de"
    if template not in TX_TEMPLATES:
        template = "generic"
    hello = greeting(name, lang)
    rendered = _text_env.get_template(f"tx/{template}.{lang}.txt").render(ctx=_Ctx(context), greeting=hello,
                                                                         **context)
    subject, _, body = rendered.partition("\n")
    paragraphs = [p.split("\n") for p in body.strip().split("\n\n") if p.strip()]
    html_body = _html_env.get_template("transactional.html").render(subject=subject.strip(), paragraphs=paragraphs,
                                                                    lang=lang, office=FOOTER[lang]["office"])
    return Mail(subject.strip(), body.strip() + "\n", html_body, {"Auto-Submitted": "auto-generated"})


class _Ctx(dict):
    """Missing context keys render as empty strings instead of failing the mail."""

    def __getattr__(self, key):
        return self.get(key, "")
