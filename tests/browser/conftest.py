"""Browser fixtures: the whole stack once per session, and Debian's chromium through Playwright."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    from .stack import Stack

    with Stack(tmp_path_factory.mktemp("stack") / "var") as running:
        yield running


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which("chromium"):
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium (never download a browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, stack):
    context = chromium.new_context(base_url=stack.url, locale="de-DE", java_script_enabled=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    yield page
    context.close()
