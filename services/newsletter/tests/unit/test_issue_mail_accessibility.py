"""Issues are "responsive, accessible HTML" (issue #6 §3): the HTML part of a real issue mail, German and English,
checked for what a screen reader and a reader with low vision need: document language (and the language of the
untranslated news inside an English mail), a title, layout tables that are not read as data tables, images with
alt text, headings in order, links that say where they go, text contrast of at least 4.5:1 (WCAG AA), and the
unsubscribe link in the HTML part itself."""

from __future__ import annotations

import email
import email.policy
import re
from html.parser import HTMLParser

import pytest

from newsletter.mail import IssueTemplate, assemble

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
VAGUE_LINK_TEXTS = {"hier", "hier klicken", "klicken sie hier", "here", "click here", "mehr", "more", "mehr lesen",
                    "read more", "weiter", "link", "details"}
UNSUBSCRIBE = "https://aktiv.example/newsletter/abmelden?token=abc&x=1"
ISSUE = {"id": "i1", "title": "Ausgabe Mai", "intro": "Neues aus den Stadtteilen.\n\nViel Spaß beim Lesen."}
ITEMS = [
    {"title": "Repair-Café öffnet", "body": "Jeden Samstag reparieren wir.\n\nBringen Sie kaputte Dinge mit.",
     "summary": "", "link": "https://aktiv.example/projekte/repair", "funder_notice": "Gefördert von der Stadt."},
    {"title": "Beschluss 2026/07: Graffiti-Workshop", "body": "", "summary": "Das Gremium hat bewilligt.",
     "link": "", "funder_notice": ""},
]


class Element:
    def __init__(self, tag: str, attrs: dict, parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list = []  # Element or str

    @property
    def lang(self) -> str | None:
        node = self
        while node is not None:
            if node.attrs.get("lang"):
                return node.attrs["lang"]
            node = node.parent
        return None

    def text(self) -> str:
        return " ".join("".join(c if isinstance(c, str) else " " + c.text() + " " for c in self.children).split())

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.walk()

    def texts(self):
        """(text, element it is in) for every piece of text."""
        for child in self.children:
            if isinstance(child, str):
                if child.strip():
                    yield child.strip(), self
            else:
                yield from child.texts()


class Tree(HTMLParser):
    """A small DOM: enough for the checks below (the template is well-formed; comments, e.g. Outlook's
    conditional ones, are left out like a browser does)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)

    def all(self, *tags: str) -> list[Element]:
        return [e for e in self.root.walk() if e.tag in tags]


# -- WCAG 2.x contrast ------------------------------------------------------------------------------------------
def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    high, low = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


HEX = r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b"


def colours(tree: Tree) -> tuple[set[str], set[str]]:
    """Text colours and background colours the template fixes: in its <style>, in style="…" attributes, and in
    the old color/bgcolor attributes."""
    css = " ".join(e.text() for e in tree.all("style"))
    declarations = re.findall(r"([a-z-]+)\s*:\s*([^;{}]+)", css)
    for e in tree.root.walk():
        declarations += re.findall(r"([a-z-]+)\s*:\s*([^;]+)", e.attrs.get("style", ""))
        declarations += [("color", e.attrs["color"])] if e.attrs.get("color") else []
        declarations += [("background", e.attrs["bgcolor"])] if e.attrs.get("bgcolor") else []
    text, background = set(), set()
    for prop, value in declarations:
        found = {c.lower() for c in re.findall(HEX, value)}
        if prop == "color":
            text |= found
        elif prop in ("background", "background-color"):
            background |= found
    return text, background


# -- the checks --------------------------------------------------------------------------------------------------
def accessibility_problems(html: str, *, lang: str, unsubscribe_url: str) -> list[str]:
    tree = Tree(html)
    problems = []
    [root] = tree.all("html") or [Element("html", {}, None)]
    if root.attrs.get("lang") != lang:
        problems.append(f"<html lang> is {root.attrs.get('lang')!r}, not {lang!r}")
    titles = tree.all("title")
    if len(titles) != 1 or not titles[0].text():
        problems.append("no <title> with text")
    if not any(m.attrs.get("name") == "viewport" for m in tree.all("meta")):
        problems.append("no viewport meta: not responsive on phones")

    for table in tree.all("table"):
        if table.attrs.get("role") != "presentation":
            problems.append(f"layout <table> without role=presentation: {table.attrs}")
        if any(e.tag in ("th", "caption", "thead") for e in table.walk()):
            problems.append("a layout table has header cells or a caption")
    for img in tree.all("img"):
        if "alt" not in img.attrs:
            problems.append(f"<img> without alt: {img.attrs.get('src')}")

    levels = [int(h.tag[1]) for h in tree.all("h1", "h2", "h3", "h4", "h5", "h6")]
    if not levels or levels[0] != 1:
        problems.append(f"the first heading is not h1: {levels}")
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 headings")
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading level skipped: h{before} → h{after}")
    for h in tree.all("h1", "h2", "h3", "h4", "h5", "h6"):
        if not h.text():
            problems.append(f"empty <{h.tag}>")

    for a in tree.all("a"):
        name = (a.attrs.get("aria-label") or a.text()).strip()
        if not a.attrs.get("href"):
            problems.append(f"link without href: {name!r}")
        if not name:
            problems.append(f"link without text: {a.attrs.get('href')}")
        elif name.lower().strip(" .:!»›→") in VAGUE_LINK_TEXTS:
            problems.append(f"link text says nothing about its target: {name!r}")

    text, background = colours(tree)
    if not text or not background:
        problems.append("no fixed text or background colours found: the check would prove nothing")
    for fg in sorted(text):
        for bg in sorted(background):
            if contrast(fg, bg) < 4.5:
                problems.append(f"contrast {fg} on {bg} is {contrast(fg, bg):.2f}:1 (< 4.5:1)")

    if not [a for a in tree.all("a") if a.attrs.get("href") == unsubscribe_url and a.text()]:
        problems.append("no unsubscribe link in the HTML part")
    return problems


def issue_mail_html(lang: str) -> str:
    """The HTML part of the mail as it goes out (assembled, then parsed like a mail program does)."""
    mail = IssueTemplate(ISSUE, ITEMS, "https://aktiv.example", lang).personalise("Olena K.", UNSUBSCRIBE)
    raw = assemble(mail, mail_from="newsletter@kaufbeuren-aktiv.invalid", to_addr="olena@example.org",
                   to_name="Olena K.", message_id="<issue.i1.s1@kaufbeuren-aktiv.invalid>")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    return msg.get_body(preferencelist=("html",)).get_content()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_issue_mail_is_accessible(lang):
    html = issue_mail_html(lang)
    assert accessibility_problems(html, lang=lang, unsubscribe_url=UNSUBSCRIBE) == []


def test_the_fixed_colours_have_enough_contrast():
    text, background = colours(Tree(issue_mail_html("de")))
    assert {"#1a1a1a", "#00406b", "#444444"} <= text and {"#ffffff", "#f4f4f4"} <= background
    assert min(contrast(fg, bg) for fg in text for bg in background) >= 4.5
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0 and round(contrast("#777777", "#ffffff"), 2) == 4.48


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_unsubscribe_link_is_in_the_html_part_with_a_clear_text(lang):
    tree = Tree(issue_mail_html(lang))
    [link] = [a for a in tree.all("a") if a.attrs.get("href") == UNSUBSCRIBE]
    assert link.text() == {"de": "Newsletter abbestellen (ein Klick, kostenlos)",
                           "en": "Unsubscribe (one click, free of charge)"}[lang]


def test_in_an_english_mail_the_german_news_are_marked_german():
    tree = Tree(issue_mail_html("en"))
    language_of = {text: element.lang for text, element in tree.root.texts()}
    assert language_of["Hello Olena K.,"] == "en"
    assert language_of["Ausgabe Mai"] == "de" and language_of["Neues aus den Stadtteilen."] == "de"
    assert language_of["Repair-Café öffnet"] == "de" and language_of["Jeden Samstag reparieren wir."] == "de"
    assert language_of["Gefördert von der Stadt."] == "de"
    assert language_of["Read more:"] == "en"  # the frame's words stay English inside the German item
    assert language_of["Unsubscribe (one click, free of charge)"] == "en"
    german = Tree(issue_mail_html("de"))
    assert {element.lang for _, element in german.root.texts() if element.tag not in ("title", "style")} == {"de"}


def test_the_checks_find_what_they_look_for():
    """The checks are not vacuous: a mail with the usual mistakes fails each of them."""
    bad = ('<html lang="en"><head><style>p{color:#999999} body{background:#ffffff}</style></head><body>'
           '<table><tr><td><h2>News</h2><h4>Deep</h4><img src="x.png"><a href="https://x">hier</a>'
           '<a href="https://y"></a></td></tr></table></body></html>')
    problems = "\n".join(accessibility_problems(bad, lang="de", unsubscribe_url=UNSUBSCRIBE))
    for expected in ("<html lang> is 'en'", "no <title>", "no viewport", "without role=presentation",
                     "<img> without alt", "first heading is not h1", "0 h1", "h2 → h4",
                     "says nothing about its target: 'hier'", "link without text", "contrast #999999 on #ffffff",
                     "no unsubscribe link"):
        assert expected in problems, expected
