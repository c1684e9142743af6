"""What every mail of the newsletter must look like when someone writes header syntax into a name, a subject
or a news text (issue #19): shared by the unit and the SMTP tests of the header injection."""

from __future__ import annotations

import base64
import email
import email.policy

# CR/LF in all spellings, other controls, and RFC 2047 encoded words whose decoded text is CR/LF + a header.
_EW_Q = "=?utf-8?q?=0D=0ABcc:_x@example.org?="
_EW_B = "=?utf-8?b?" + base64.b64encode(b"\r\nBcc: x@example.org\r\nX-Injected: 1").decode() + "?="
ATTACKS = [
    "Eva\r\nBcc: x@example.org\r\nX-Injected: 1",
    "Eva\r\n\r\nGefälschter Text",
    "Eva\nBcc: x@example.org",
    "Eva\rX-Injected: 1",
    _EW_Q,
    f"Eva {_EW_B} Müller",
    f'"{_EW_Q}"',
    "Eva\x00\x0b\x0c\x1c\x85\u2028\u2029Bcc: x@example.org",
    'Eva" <x@example.org>, "Bcc: x@example.org',
    "Jürgen\r\nBcc: x@example.org\r\n\r\n<script>alert(1)</script>",
]
FORBIDDEN = ("bcc", "x-injected", "cc")


def parse(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def check_mail(raw: bytes, *, to: str, name_contains: str = "", headers: set[str] | None = None):
    """Assert the mail is intact; returns the parsed message."""
    head, sep, _ = raw.partition(b"\r\n\r\n")
    assert sep, "no header/body separator"
    for line in head.split(b"\r\n"):  # every line ends in CRLF; a line is a header or its folded continuation
        assert b"\r" not in line and b"\n" not in line, line
        assert line[:1] in (b" ", b"\t") or b":" in line, line
    msg = parse(raw)
    names = {k.lower() for k in msg.keys()}
    assert not names & set(FORBIDDEN), names
    if headers is not None:
        assert names == {h.lower() for h in headers}, names
    for key, value in msg.items():
        assert "\r" not in str(value) and "\n" not in str(value), (key, value)
        assert "bcc:" not in str(value).lower() or key.lower() in ("to", "subject"), (key, value)
    [addr] = msg["To"].addresses
    assert addr.addr_spec == to
    if name_contains:  # without spaces: Python's parser adds one between two encoded words of a long name
        assert name_contains.replace(" ", "") in addr.display_name.replace(" ", ""), addr.display_name
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p["Content-Transfer-Encoding"] == "base64" and not p.is_multipart() for p in parts)
    assert {k.lower() for p in parts for k in p.keys()} == {"content-type", "content-transfer-encoding"}
    html = parts[1].get_content()
    assert "<script" not in html.lower()
    return msg
