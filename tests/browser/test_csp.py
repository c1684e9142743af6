"""CSP without exceptions (issue 19, item 8): no page of the platform needs 'unsafe-inline'. The admin visits the
start page of every department, every page linked from there (one page per route shape), the named pages of
the issue (the programmes' ideas list, the newsletter issue editor with its framed preview, the preview itself)
and the public site's start page; a page fails on any ``securitypolicyviolation`` event in any of its frames,
and on any CSP refusal Chromium writes to the console. All violations come in one message.

Run alone: ``.venv/bin/python -m pytest tests/browser/test_csp.py -q``."""

from __future__ import annotations

import re

import pytest

from .crawl_support import VIEWPORT, follow, shape
from .test_journeys import _login

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

START_PAGES = ["/intern/", "/intern/programmes/", "/intern/finance/", "/intern/participation/",
               "/intern/newsletter/", "/verwaltung/konten/", "/verwaltung/tokens/", "/konto/passwort"]
NAMED_PAGES = ["/intern/programmes/ideen", "/intern/newsletter/ausgaben"]

# Every frame reports its violations to the test (the binding exists in every frame, the listener is added
# before any of the page's own code runs).
LISTEN = """
document.addEventListener('securitypolicyviolation', e => window.__cspViolation({
  directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI || '', sample: e.sample || '',
  source: (e.sourceFile || '') + (e.lineNumber ? ':' + e.lineNumber : ''), page: document.location.href}));
"""


class Recorder:
    def __init__(self, context) -> None:
        self.seen: list[str] = []
        context.expose_binding("__cspViolation", lambda source, v: self.seen.append(
            f"{v['directive']} verweigert {v['blocked'] or 'inline'} {v['sample'][:60]!r} in {v['page']}"
            f"{' (' + v['source'] + ')' if v['source'] else ''}"))
        context.add_init_script(LISTEN)

    def console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.seen.append(f"Konsole: {message.text[:200]}")


def _visit(page, recorder: Recorder, url: str, found: dict[str, list[str]]) -> int | None:
    recorder.seen.clear()
    response = page.goto(url, wait_until="load")
    policy = response.headers.get("content-security-policy", "") if response else ""
    if not policy or "unsafe-" in policy or "style-src" not in policy and "default-src 'self'" not in policy:
        recorder.seen.append(f"Richtlinie mit Ausnahme oder ohne Stilregel: {policy!r}")
    for frame in page.frames[1:]:  # framed pages (the newsletter preview) finish loading too
        frame.wait_for_load_state("load")
    _settle(page)
    if recorder.seen:
        found[url] = list(dict.fromkeys(recorder.seen))
    return response.status if response else None


def _settle(page) -> None:
    """Let queued violation reports reach the binding (a frame and a task later)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")


def test_no_page_of_any_department_violates_the_csp(chromium, stack):
    context = chromium.new_context(base_url=stack.url, locale="de-DE", viewport=VIEWPORT)
    recorder = Recorder(context)
    page = context.new_page()
    page.set_default_timeout(30000)
    page.on("console", recorder.console)
    found: dict[str, list[str]] = {}
    statuses: dict[str, int | None] = {}

    statuses["/"] = _visit(page, recorder, stack.url + "/", found)
    _login(page, "admin@kaufbeuren-aktiv.invalid", stack.admin_password)
    # the check itself: an inline style on a department page is caught (and the page's CSP has no exception)
    _visit(page, recorder, stack.url + "/intern/", {})
    page.evaluate("""document.body.insertAdjacentHTML('beforeend', '<p style="color:red">x</p>')""")
    _settle(page)
    assert any("style-src" in v for v in recorder.seen), recorder.seen
    shapes: set[str] = set()
    linked: list[str] = []
    for path in START_PAGES + NAMED_PAGES:
        url = stack.url + path
        statuses[path] = _visit(page, recorder, url, found)
        shapes.add(shape(url))
        for href in page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.href)"):
            target = follow(page.url, href, public=False)
            if target and shape(target) not in shapes:
                shapes.add(shape(target))
                linked.append(target)

    # the newsletter's issue editor frames the preview: open the first issue, then the preview on its own
    page.goto(stack.url + "/intern/newsletter/ausgaben")
    issue = page.locator("a[href*='/intern/newsletter/ausgaben/']").filter(has_not_text=re.compile("Neu")).first
    issue_url = issue.get_attribute("href")
    assert issue_url, "the demo data has a newsletter issue"
    editor = stack.url + issue_url if issue_url.startswith("/") else issue_url
    statuses["editor"] = _visit(page, recorder, editor, found)
    preview = page.locator("iframe.preview-frame").get_attribute("src")
    assert preview and preview.endswith("/vorschau"), "the issue editor frames the preview"
    assert page.frames[1].locator("h1").count() == 1, "the framed preview rendered"
    statuses["preview"] = _visit(page, recorder, stack.url + preview, found)
    assert page.evaluate("getComputedStyle(document.querySelector('.wrap')).maxWidth") == "640px", \
        "the preview's stylesheet (mail.css) applies under the CSP"

    for url in linked:
        statuses[url] = _visit(page, recorder, url, found)
    context.close()

    broken = {u: s for u, s in statuses.items() if s is None or s >= 400}
    assert not broken, f"pages that did not load: {broken}"
    assert len(statuses) > 30, f"too few pages visited: {len(statuses)}"
    assert not found, f"{len(found)} pages with CSP violations:\n" + "\n".join(
        f"{url}\n    " + "\n    ".join(items) for url, items in sorted(found.items()))
