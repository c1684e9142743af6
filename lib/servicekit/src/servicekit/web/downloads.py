"""Downloads named by the thing they hold, e.g. ``Verwendungsnachweis_Juze-Truck_ESF-Plus_2026-2027.pdf`` or
``Protokoll_Begleitausschuss_2026-03-12.pdf``: names of things, never an id (issue 12). The header carries an ASCII
name (umlauts spelled out) for old clients and the exact UTF-8 name (RFC 6266 ``filename*``) for everyone else."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from flask import Response

_SPELLED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss",
                          "„": "", "“": "", "”": "", "‚": "", "‘": "", "’": "", "–": "-", "—": "-"})


def _part(text) -> str:
    text = unicodedata.normalize("NFC", str(text)).strip()
    text = re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE)
    return re.sub(r"-{2,}", "-", text).strip("-._")[:60]


def filename(parts, ext: str, default: str = "Download") -> str:
    """``["Verwendungsnachweis", "Juze-Truck", "ESF Plus", "2026"]`` →
    ``Verwendungsnachweis_Juze-Truck_ESF-Plus_2026.<ext>`` (empty parts are left out)."""
    name = "_".join(p for p in (_part(x) for x in parts if x) if p) or default
    return f"{name[:150]}.{ext}"


def ascii_name(name: str) -> str:
    spelled = unicodedata.normalize("NFKD", name.translate(_SPELLED)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._-]+", "-", spelled) or "Download"


def disposition(response: Response, name: str, inline: bool = False) -> Response:
    """Set ``Content-Disposition`` with both the ASCII and the UTF-8 name."""
    response.headers.set("Content-Disposition", "inline" if inline else "attachment", filename=ascii_name(name),
                         **{"filename*": "UTF-8''" + quote(name, safe="")})
    return response


def attachment(body, mimetype: str, parts, ext: str, inline: bool = False, default: str = "Download") -> Response:
    """A response that downloads ``body`` under the name made of ``parts``."""
    return disposition(Response(body, mimetype=mimetype), filename(parts, ext, default), inline=inline)
