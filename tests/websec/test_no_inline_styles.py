"""CSP without exceptions (issue 19, item 8), checked in the sources: no template of a page (the services' and
the gateway's UI templates, the kit's) carries a ``style`` attribute, a ``<style>`` block, an inline ``<script>``
or an ``on…=`` handler. Mail templates are not pages (mail programs load no stylesheets, and no CSP applies
there); the department's preview of a mail links its stylesheet instead (tests/browser/test_csp.py)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE_TEMPLATES = [*ROOT.glob("services/*/src/*/ui/templates/**/*.html"), *ROOT.glob("gateway/src/gateway/**/*.html"),
                  *ROOT.glob("lib/servicekit/src/servicekit/**/templates/**/*.html")]
INLINE = [("style attribute", re.compile(r"\sstyle\s*=", re.I)), ("<style> block", re.compile(r"<style[\s>]", re.I)),
          ("inline <script>", re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I)),
          ("event handler attribute", re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I))]


def test_no_page_template_needs_unsafe_inline():
    assert len(PAGE_TEMPLATES) > 50, "the glob found the templates"
    found = [f"{path.relative_to(ROOT)}:{text[:m.start()].count(chr(10)) + 1}: {label}"
             for path in PAGE_TEMPLATES if "/mail/" not in path.as_posix()
             for text in [path.read_text(encoding="utf-8")] for label, pattern in INLINE
             for m in pattern.finditer(text)]
    assert not found, "inline styles or scripts the CSP refuses:\n" + "\n".join(found)
