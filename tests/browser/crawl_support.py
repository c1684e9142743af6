"""The crawl's parts: which links to follow, the shape of a route, and the checks of one page as a reader sees it
(identifiers, English on German pages, width, axe, CSP). ``test_crawl.py`` drives them per role.

A check looks at the page's visible text (``innerText``: what is shown and what a screen reader reads, not the
markup) and at the values of visible text fields, so a link target or a hidden form value may hold an id."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

VIEWPORT = {"width": 1366, "height": 900}
MAX_PAGES = 150          # per crawl (one role, or the public site)
PER_SHAPE = 2            # pages visited per route shape (the first role; later roles see one page of a shape)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

DEPARTMENT_PREFIXES = ("/intern/", "/verwaltung/", "/konto/", "/api/docs")
NOT_PUBLIC = ("/intern", "/verwaltung", "/konto", "/api/", "/static/", "/openapi", "/metrics", "/healthz",
              "/readyz", "/.well-known/")
# downloads, feeds, sign-out and the language switch are no pages to check
SKIP_SUFFIXES = (".pdf", ".csv", ".ics", ".xlsx", ".xml", ".zip", ".json", ".png", ".svg", ".txt", "/rss")
SKIP_PARTS = ("/abmelden", "/sprache/", "/_kit/", "/static/", "/export", "/download")
SKIP_QUERY_KEYS = ("lang", "next", "format", "download")
# the API reference for developers of machine clients: role codes, paths and English summaries are its content,
# so only its layout, axe and status are checked
DEVELOPER_PAGES = ("/api/docs",)

# -- route shapes ----------------------------------------------------------------------------------------------
_ID_SEGMENT = re.compile(r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{12,}|\d+"
                         r"|demo-[\w-]+)$", re.I)


def shape(url: str) -> str:
    """``/intern/finance/grants/3508e666-…?page=2`` → ``/intern/finance/grants/{id}?page``: ids in the path
    become a placeholder, the query keeps its keys only."""
    parts = urlsplit(url)
    path = "/".join("{id}" if _ID_SEGMENT.match(s) else s for s in parts.path.split("/"))
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


def english_on_purpose(url: str) -> bool:
    """A page asked for in English on purpose (the English edition of a newsletter: ``?sprache=en``): it is not
    checked for English, only for everything else."""
    return ("sprache", "en") in parse_qsl(urlsplit(url).query)


def department(url: str) -> str:
    """Who owns the page: the service of ``/intern/<service>/…``, else the gateway (staff pages, public site)."""
    path = urlsplit(url).path
    match = re.match(r"^/intern/([a-z]+)/", path)
    if match:
        return match.group(1)
    return "gateway (Mitarbeitenden-Seiten)" if path.startswith(DEPARTMENT_PREFIXES + ("/intern",)) \
        else "gateway (öffentliche Seite)"


def follow(base: str, href: str | None, *, public: bool) -> str | None:
    """The absolute address to visit for a link, or None when the crawl does not follow it."""
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    url = urldefrag(urljoin(base, href)).url
    parts, origin = urlsplit(url), urlsplit(base)
    if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
        return None
    path = parts.path
    if path.lower().endswith(SKIP_SUFFIXES) or any(p in path for p in SKIP_PARTS):
        return None
    if any(k in SKIP_QUERY_KEYS for k, _ in parse_qsl(parts.query, keep_blank_values=True)):
        return None
    if public:
        return url if not path.startswith(NOT_PUBLIC) else None
    return url if path.startswith(DEPARTMENT_PREFIXES) else None


# -- what a reader must never see --------------------------------------------------------------------------------
IDENTIFIERS = [
    ("UUID", re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)),
    ("32-stelliger Hex-Wert", re.compile(r"(?<![\w-])[0-9a-f]{32}(?![\w-])", re.I)),
    # a shortened id ("3508e666…"): eight or more hex digits with a digit and a letter, before an ellipsis
    ("gekürzte Kennung", re.compile(r"(?<![\w-])(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}(?:…|\.\.\.)", re.I)),
    ("Demo-Kennung", re.compile(r"(?<![\w.@-])demo-[a-z0-9][a-z0-9-]*")),  # lowercase: "Demo-Administration" is a name
    ("Ereignistyp/Rollen-Code", re.compile(
        r"(?<![\w@.-])(?:programmes|finance|participation|newsletter|gateway)\.[a-z_]+(?:\.[a-z_]+)*(?:\.v\d+)?\b")),
    ("interner Code (snake_case)", re.compile(r"(?<![\w@.-])[a-z]+_[a-z]+(?:_[a-z]+)*(?![\w@-])")),
]

# English a German page must not show: WTForms messages, status and category codes, words of an English frame,
# English dates and amounts. Whole words, case-sensitive; none of them is a German word (``Status``, ``Details``,
# ``Newsletter``, ``Material``, ``Team``, ``null``, ``final``, ``Export`` are, and are not listed).
ENGLISH_WORDS = (
    # form messages
    "This field is required", "Not a valid", "Invalid value", "Invalid input", "Field must be", "Number must be",
    "Please", "required field",
    # codes of statuses, phases, outcomes, kinds, roles in a body, vote choices, cost categories
    "approved", "rejected", "deferred", "pending", "draft", "submitted", "received", "scheduled", "sending",
    "sent", "published", "cancelled", "canceled", "withdrawn", "confirmed", "waiting", "running", "closing",
    "evaluated", "sustained", "ended", "acquisition", "applied", "completed", "planned", "assessed", "concept",
    "idea", "application", "personnel", "fees", "investment", "overhead", "intermediary", "federal",
    "municipality", "foundation", "donation", "chair", "deputy", "member", "advisory", "abstain", "interim",
    "sponsorship", "opportunity", "bounced", "unsubscribed", "subscribed", "active", "inactive", "paper", "oral",
    "Approved", "Rejected", "Deferred", "Pending", "Draft", "Submitted", "Published", "Cancelled", "Scheduled",
    # Python and JSON leaking into a page
    "None", "True", "False", "undefined", "NaN",
    # an English frame
    "Sign out", "Sign in", "Save", "Cancel", "Delete", "Edit", "Submit", "Previous", "Search", "Back to",
    "Unknown", "unknown", "Error", "Not Found", "Forbidden", "Bad Request", "Internal Server Error",
    "January", "February", "March", "June", "July", "October", "December", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)
_ENGLISH = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in ENGLISH_WORDS) + r")(?![\w-])")
GERMAN_FORMATS = [
    ("englisches Datum", re.compile(r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")),
    ("ISO-Datum", re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?")),
    ("Uhrzeit mit Sekunden/UTC", re.compile(r"\b\d{2}:\d{2}:\d{2}\b|\bUTC\b|\d{2}:\d{2}(?:\+00:00|Z)\b")),
    # "€12,000.00", "1500.00 €", "12,000.00" (a German amount has its € after it, and a tab or newline may follow)
    ("englischer Betrag", re.compile(r"€\d|€ \d{1,3}(?:,\d{3})*\.\d{2}\b|\b\d+\.\d{2} ?(?:€|EUR)"
                                     r"|\b\d{1,3}(?:,\d{3})+\.\d{2}\b")),
]


def _context(text: str, match: re.Match) -> str:
    start, end = max(0, match.start() - 30), min(len(text), match.end() + 30)
    return "…" + " ".join(text[start:end].split()) + "…"


def _grouped(label: str, pattern: re.Pattern, text: str, where: str = "sichtbar") -> list[str]:
    """One finding per distinct match (with how often it occurs and where it first does)."""
    first: dict[str, re.Match] = {}
    count: dict[str, int] = {}
    for match in pattern.finditer(text):
        first.setdefault(match.group(0), match)
        count[match.group(0)] = count.get(match.group(0), 0) + 1
    return [f"{label} {where}: {token!r}{f' ({count[token]}×)' if count[token] > 1 else ''} in "
            f"{_context(text, match)!r}" for token, match in first.items()]


def identifier_problems(text: str, inputs: list[str]) -> list[str]:
    # a link a person may edit (a news item's target) is no identifier to read
    values = "\n".join(v for v in inputs if not v.startswith(("/", "http://", "https://")))
    found = []
    for label, pattern in IDENTIFIERS:
        found += _grouped(label, pattern, text)
        found += _grouped(label, pattern, values, "in einem Eingabefeld")
    return found


def german_page_problems(text: str) -> list[str]:
    found = _grouped("Englisch", _ENGLISH, text, "auf deutscher Seite")
    for label, pattern in GERMAN_FORMATS:
        found += _grouped(label, pattern, text, "auf deutscher Seite")
    return found


# -- one page ----------------------------------------------------------------------------------------------------
READ_PAGE = """() => {
  const shown = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
    && getComputedStyle(el).visibility !== 'hidden';
  const inputs = [...document.querySelectorAll(
      'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button])'
      + ':not([type=password]), textarea')].filter(shown).map(e => e.value).filter(v => v);
  const limit = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > limit + 1 && shown(el)) {
      let scrolls = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') { scrolls = true; break; }
      }
      if (!scrolls) wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
        + ' (' + Math.round(box.right) + ' px)');
    }
    if (wide.length >= 3) break;
  }
  return {text: document.body ? document.body.innerText : '', inputs,
          width: document.documentElement.scrollWidth, lang: document.documentElement.lang, wide};
}"""


@dataclass
class Finding:
    url: str
    shape: str
    category: str   # "http", "id", "english", "width", "axe", "csp", "lang"
    text: str
    role: str

    @property
    def department(self) -> str:
        return department(self.url)


def check_page(page, url: str, role: str, status: int | None, *, german: bool = True, axe: bool = False,
               csp: list[str] | None = None) -> list[Finding]:
    route = shape(url)
    reader = not urlsplit(url).path.startswith(DEVELOPER_PAGES)

    def finding(category: str, text: str) -> Finding:
        return Finding(url, route, category, text, role)

    found = []
    if status is None or status >= 400:
        found.append(finding("http", f"Antwort {status}"))
    seen = page.evaluate(READ_PAGE)
    if reader:
        found += [finding("id", t) for t in identifier_problems(seen["text"], seen["inputs"])]
    if german and reader:
        if seen["lang"] != "de":
            found.append(finding("lang", f'<html lang="{seen["lang"]}"> auf einer deutschen Seite'))
        found += [finding("english", t) for t in german_page_problems(seen["text"])]
    if seen["width"] > VIEWPORT["width"]:
        found.append(finding("width", f"{seen['width']} px breit (erlaubt {VIEWPORT['width']} px); zu breit: "
                                      + ", ".join(seen["wide"] or ["?"])))
    found += [finding("csp", text) for text in csp or []]
    if axe:
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                           "resultTypes": ["violations"]})  # passes are not collected: faster
        for v in results.response["violations"]:
            found.append(finding("axe", f"{v['id']} – {v['help']} ({len(v['nodes'])}×, z. B. "
                                        f"{v['nodes'][0]['target']})"))
    return found


# -- the crawl ---------------------------------------------------------------------------------------------------
@dataclass
class Crawl:
    """Breadth-first from ``start``: at most ``PER_SHAPE`` pages per route shape and ``MAX_PAGES`` in all. axe runs
    once per shape over all crawls (``axe_done`` is shared)."""

    role: str
    public: bool = False
    per_shape: int = PER_SHAPE
    axe_done: set = field(default_factory=set)
    visited: list = field(default_factory=list)
    findings: list = field(default_factory=list)

    def run(self, page, start: str) -> None:
        csp: list[str] = []
        page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
        per_shape: dict[str, int] = {}
        queue, queued = deque([start]), {start}
        while queue and len(self.visited) < MAX_PAGES:
            url = queue.popleft()
            route = shape(url)
            if per_shape.get(route, 0) >= self.per_shape:
                continue
            per_shape[route] = per_shape.get(route, 0) + 1
            csp.clear()
            response = page.goto(url, wait_until="load")
            self.visited.append(url)
            axe = route not in self.axe_done
            self.axe_done.add(route)
            self.findings += check_page(page, url, self.role, response.status if response else None, axe=axe,
                                        german=not english_on_purpose(url),
                                        csp=[f"CSP verweigert: {t[:160]}" for t in csp])
            for href in page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.href)"):
                target = follow(page.url, href, public=self.public)
                if target and target not in queued and per_shape.get(shape(target), 0) < self.per_shape:
                    queued.add(target)
                    queue.append(target)


# -- allowlist and report ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Allowed:
    """A known finding in a screen another engineer is changing: page shape (a regex on :func:`shape`), the
    check, a piece of the finding's text, and why it is tolerated for now."""

    shape: str
    category: str
    contains: str
    owner: str
    reason: str

    def covers(self, f: Finding) -> bool:
        return f.category == self.category and self.contains in f.text and re.fullmatch(self.shape, f.shape) is not None


def split(findings: list[Finding], allowed: list[Allowed]) -> tuple[list[Finding], list[Finding], list[Allowed]]:
    """→ (failing, tolerated, allowlist entries that matched nothing)."""
    failing, tolerated, used = [], [], set()
    for f in findings:
        entry = next((a for a in allowed if a.covers(f)), None)
        if entry is None:
            failing.append(f)
        else:
            tolerated.append(f)
            used.add(entry)
    return failing, tolerated, [a for a in allowed if a not in used]


def by_page(findings: list[Finding]) -> str:
    """One message for all: page → its problems (each once, with the roles that saw it)."""
    pages: dict[str, dict[str, set]] = {}
    for f in findings:
        pages.setdefault(f.url, {}).setdefault(f"[{f.category}] {f.text}", set()).add(f.role)
    lines = []
    for url in sorted(pages):
        lines.append(url)
        lines += [f"    {text}  ({', '.join(sorted(roles))})" for text, roles in sorted(pages[url].items())]
    return "\n".join(lines)


# where a finding's text comes from when it is not the page's own service (for routing the report)
SOURCES = {"Ihre Rolle erlaubt diese Aktion nicht": "text of servicekit.auth.roles (lib/servicekit)"}


def report(findings: list[Finding], tolerated: list[Finding], stale: list[Allowed], visited: dict[str, int]) -> str:
    """Markdown for the lead: per department, per route shape, each problem once with one example address."""
    lines = ["# Crawl-Befunde", "", "Erzeugt von `tests/browser/test_crawl.py` (jeder Lauf überschreibt die Datei).",
             "", "Besuchte Seiten: " + ", ".join(f"{role} {n}" for role, n in visited.items()), ""]

    def section(title: str, items: list[Finding]) -> None:
        lines.append(f"## {title}")
        if not items:
            lines.extend(["", "keine", ""])
            return
        departments: dict[str, dict[str, dict[str, tuple[str, set]]]] = {}
        for f in items:
            problems = departments.setdefault(f.department, {}).setdefault(f.shape, {})
            url, roles = problems.setdefault(f"[{f.category}] {f.text}", (f.url, set()))
            roles.add(f.role)
        for dep in sorted(departments):
            count = sum(len(p) for p in departments[dep].values())
            lines.extend(["", f"### {dep} ({count})"])
            for route in sorted(departments[dep]):
                lines.append(f"- `{route}`")
                for text, (url, roles) in sorted(departments[dep][route].items()):
                    source = next((f" [Quelle: {v}]" for k, v in SOURCES.items() if k in text), "")
                    lines.append(f"  - {text} — z. B. {urlsplit(url).path}{'?' + urlsplit(url).query if urlsplit(url).query else ''}"
                                 f" ({', '.join(sorted(roles))}){source}")
        lines.append("")

    section("Fehler (lassen den Test scheitern)", findings)
    section("Geduldet (Allowlist in test_crawl.py)", tolerated)
    if stale:
        lines += ["## Allowlist-Einträge ohne Befund (bitte entfernen)", ""]
        lines += [f"- `{a.shape}` [{a.category}] {a.contains!r} ({a.owner})" for a in stale]
    return "\n".join(lines) + "\n"
