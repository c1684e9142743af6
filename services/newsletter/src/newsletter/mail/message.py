"""Every mail of the newsletter as an :class:`email.message.EmailMessage` (policy ``email.policy.SMTP``).

Header values go in through the header registry only, never joined into header text. Two rules on top:

- A display name or subject is one line of plain text (:func:`one_line`): CR, LF and every other control
  character become a space, so a citizen's opt-in still goes out instead of failing.
- ``=?`` becomes ``= ?``. The ``email`` package decodes RFC 2047 encoded words in values set through its API
  and, before Python 3.11.10 / 3.12.5 (CVE-2024-6923), writes a decoded CR/LF back out raw: a name like
  ``=?utf-8?q?=0D=0ABcc:_x@example.org?=`` would still add a header. Mail programs decode them, too.

Speed (an issue goes to every subscriber): the header classes are built once per name, not per header
(:class:`_Registry`); every value that is not per recipient (From, Subject, the fixed headers, the MIME
headers of the parts) is parsed once and handed to the message as a header object (cached), and folded once.
"""

from __future__ import annotations

import base64
import functools
import re
import time
import uuid
from datetime import datetime
from email.headerregistry import Address, BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage, MIMEPart
from email.policy import SMTP
from email.utils import format_datetime

from servicekit.text import for_output

_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")  # everything str.splitlines() breaks on, and more
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_ADDR = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*@{_LABEL}(?:\.{_LABEL})*")  # dot-atom@host name, ASCII only
_MESSAGE_ID = re.compile(r"<[A-Za-z0-9._-]+@[A-Za-z0-9.-]+>")
_URI_LIST = re.compile(r"<[!-;=?-~]+>(?:, <[!-;=?-~]+>)*")  # printable ASCII without < and >

# Both parts are base64, whose alphabet has no "_": this boundary can never occur inside a part.
BOUNDARY = "=_aktiv_part_boundary_" + uuid.uuid4().hex


def one_line(value) -> str:
    """A display name or subject as one line: control characters (C0, DEL, C1, U+2028/9) and runs of white
    space become one space, lone surrogates U+FFFD, and ``=?`` (the start of an encoded word) ``= ?``."""
    text = _SURROGATES.sub("\ufffd", _CONTROLS.sub(" ", str(value or "")))
    return " ".join(text.split()).replace("=?", "= ?")


class _VerbatimHeader(UnstructuredHeader):
    """A header of our own whose value must match ``pattern`` and is written on one line as it is. Folding
    would break it: a long link becomes encoded words (no mail program reads that as a link), and a
    Message-ID moves to a line of its own (mail logs that record it from the raw header lose it)."""

    max_count = 1
    pattern: re.Pattern

    @classmethod
    def parse(cls, value, kwds):
        value = str(value)
        if not cls.pattern.fullmatch(value) or "=?" in value or len(value) > 900:  # so decoded == as written
            raise ValueError(f"{cls.__name__}: not usable in a mail header: {value[:80]!r}")
        super().parse(value, kwds)

    def fold(self, *, policy):
        return f"{self.name}: {self}{policy.linesep}"


class UriListHeader(_VerbatimHeader):
    """List-Unsubscribe (RFC 2369, RFC 8058): ``<uri>`` entries of printable ASCII."""

    pattern = _URI_LIST


class MessageIdHeader(_VerbatimHeader):
    """Message-ID: ``<id@domain>`` of safe characters (see :func:`newsletter.mail.message_id`)."""

    pattern = _MESSAGE_ID


class _FoldOnce(BaseHeader):
    """A header object is immutable: fold it once per kind of policy (the cached ones go out in every mail;
    the generator clones the policy for each part, so the key is what folding depends on, not the object)."""

    def fold(self, *, policy):
        key = (type(policy), policy.linesep, policy.max_line_length, policy.utf8)
        done = self.__dict__.get("_folded")
        if done is None or done[0] != key:
            done = self._folded = (key, super().fold(policy=policy))
        return done[1]


class _Registry(HeaderRegistry):
    """The standard registry, but one class per header name instead of a new class per header."""

    def __init__(self) -> None:
        super().__init__(base_class=_FoldOnce)
        self.map_to_type("list-unsubscribe", UriListHeader)
        self.map_to_type("message-id", MessageIdHeader)
        self._classes: dict[str, type] = {}

    def __getitem__(self, name):
        key = name.lower()
        cls = self._classes.get(key)
        if cls is None:
            cls = self._classes[key] = super().__getitem__(name)
        return cls


POLICY = SMTP.clone(header_factory=_Registry())


@functools.lru_cache(maxsize=1024)
def _header(name: str, value: str):
    """A parsed header for a value that is the same for many mails (From, Subject, fixed headers)."""
    return POLICY.header_factory(name, value)


@functools.lru_cache(maxsize=256)
def _fixed(name: str, value: str):
    """A mail kind's own header (List-Id, Precedence, Auto-Submitted …): must already be one plain line."""
    if one_line(value) != value:
        raise ValueError(f"{name}: a fixed header value must be one plain line: {value[:80]!r}")
    return _header(name, value)


_date_cache: list = [0, None]


def _date():
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache[1] = POLICY.header_factory("Date", format_datetime(datetime.now().astimezone()))
        _date_cache[0] = now
    return _date_cache[1]


def _address(value: str) -> tuple[str, str]:
    """(local part, domain) of a plain address; "=?" is refused: the parser would decode it in a local part."""
    if not isinstance(value, str) or not _ADDR.fullmatch(value) or "=?" in value:
        raise ValueError(f"address not usable in a mail header: {str(value)[:80]!r}")
    local, _, domain = value.rpartition("@")
    return local, domain


def _part(content_type: str, body: str) -> MIMEPart:
    part = MIMEPart(policy=POLICY)
    part["Content-Type"] = _header("Content-Type", content_type)
    part["Content-Transfer-Encoding"] = _header("Content-Transfer-Encoding", "base64")
    # a stored text may still hold control characters or a lone surrogate from before the kit's input rule:
    # dropped here, so every body encodes (servicekit.text.for_output)
    part.set_payload(base64.encodebytes(for_output(body).encode("utf-8")).decode("ascii"))
    return part


def build(*, subject: str, text: str, html: str, headers: dict, mail_from: str, to_addr: str, to_name: str,
          message_id: str) -> bytes:
    """RFC 5322 bytes (CRLF): multipart/alternative with a plain-text and an HTML part (both UTF-8, base64).

    ``to_addr`` must be a plain ASCII address (no quoted local part, no encoded word; an international address
    needs SMTPUTF8, which the sender does not speak): anything else raises ``ValueError``, and the send log
    records the mail as not composable. ``headers`` are the mail kind's own fixed headers; List-Unsubscribe is
    checked to be a ``<URI>`` list, the Message-ID to be ``<safe@safe>``."""
    msg = EmailMessage(policy=POLICY)
    msg["From"] = _header("From", mail_from)
    local, domain = _address(to_addr)
    msg["To"] = Address(display_name=one_line(to_name), username=local, domain=domain)
    msg["Subject"] = _header("Subject", one_line(subject))
    msg["Date"] = _date()
    msg["Message-ID"] = message_id
    msg["MIME-Version"] = _header("MIME-Version", "1.0")
    for name, value in headers.items():
        msg[name] = value if name.lower() == "list-unsubscribe" else _fixed(name, value)
    msg["Content-Type"] = _header("Content-Type", f'multipart/alternative; boundary="{BOUNDARY}"')
    msg.set_payload([_part('text/plain; charset="utf-8"', text), _part('text/html; charset="utf-8"', html)])
    return msg.as_bytes()

