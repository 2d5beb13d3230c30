"""Browser fixtures: the app served from a thread, Debian's Chromium driven by Playwright, axe-core.

One browser per run and fresh contexts per test. Journeys start from empty tables (`server`);
read-only page checks may share one site per module. A failing test leaves a full-page screenshot
of each of its open pages in tests/artifacts/; `screenshot(page, name)` takes one on demand.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from challenge.account import sessions as auth_sessions
from challenge.core.extensions import db
from challenge.models import User
from challenge.notifications.service import send_outbox
from tests.conftest import ARTIFACTS, empty_tables, make_app
from tests.live_server import live_server as serve
from tests.pages import build_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 812}


@dataclass
class LiveServer:
    """The app and the address the browser reaches it at."""

    app: Flask
    url: str


@dataclass
class PageProblems:
    """What the browser complained about while the test ran: CSP refusals, failed loads, script errors."""

    messages: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        def on_console(message) -> None:
            # Chromium logs the document's own 4xx status (a 404 page, a form sent back with
            # errors); tests assert those statuses themselves. Any other error counts.
            own_status = (
                message.location.get("url") == page.url and "the server responded with a status of 4" in message.text
            )
            if message.type == "error" and not own_status:
                self.messages.append(message.text)

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.messages.append(f"uncaught: {error}"))


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.sqlite_only)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    factory = item.funcargs.get("new_context")
    if report.when == "call" and report.failed and factory is not None:
        pages = [page for context in factory.contexts for page in context.pages]
        for number, page in enumerate(pages, 1):
            screenshot(page, f"failed-{item.name}-{number}")
    return report


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as tests/artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^\w.-]+", "-", name).strip("-") + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path


def shot(page: Page, name: str) -> None:
    """A screenshot to look at, saved only when SFIDE_SCREENSHOTS is set."""
    if os.environ.get("SFIDE_SCREENSHOTS"):
        screenshot(page, name)


@pytest.fixture(scope="module")
def site(live_server):
    """The page catalogue's site (tests/pages.py), built once for a module whose tests only read it."""
    with live_server.app.test_request_context():
        empty_tables()
        site = build_site()
        db.session.remove()
    return site


@pytest.fixture(scope="session")
def live_server(migrated_database) -> Iterator[LiveServer]:
    """The app, with CSRF checks on, served on a free port for the whole run."""
    app = make_app(migrated_database, WTF_CSRF_ENABLED=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request drowns the failure report
    with serve(app) as url:
        yield LiveServer(app, url)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def server(live_server) -> LiveServer:
    """The live server over empty tables."""
    with live_server.app.app_context():
        empty_tables()
        db.session.remove()
    return live_server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, launched once for the whole run."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_problems() -> PageProblems:
    """The browser errors of this test, gathered from every page it opens."""
    return PageProblems()


@pytest.fixture
def new_context(browser, live_server, page_problems) -> Iterator:
    """Open browser contexts (other people, JavaScript off, other widths), closed after the test.

    The test fails if any of their pages reported a CSP refusal, a failed load or a script error.
    """
    contexts: list[BrowserContext] = []

    def factory(**options) -> BrowserContext:
        options = {"viewport": DESKTOP, **options}
        context = browser.new_context(base_url=live_server.url, **{"locale": "it-IT", **options})
        context.set_default_timeout(10_000)
        context.on("page", page_problems.watch)
        contexts.append(context)
        return context

    factory.contexts = contexts
    yield factory
    for context in contexts:
        context.close()
    assert page_problems.messages == [], "the browser reported errors:\n" + "\n".join(page_problems.messages)


@pytest.fixture
def page(new_context) -> Page:
    """A desktop-sized page in a fresh context."""
    return new_context().new_page()


def format_violations(violations: list[dict]) -> str:
    """One line per violation and node: rule, impact, selector, and axe's hint."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            target = " | ".join(str(part) for part in node["target"])  # one selector per frame or shadow root
            lines.append(f"    {target}\n        {node['failureSummary'].replace(chr(10), chr(10) + '        ')}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now and fail with a readable list of violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluate() runs outside the page's CSP, which refuses an injected <script>.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = results["violations"]
    assert violations == [], f"axe-core found violations on {page.url}:\n{format_violations(violations)}"


def sign_in(context: BrowserContext, server: LiveServer, user_id: int) -> None:
    """Give the context the sign-in cookie of a fresh server-side session (skips the slow password hash)."""
    with server.app.app_context():
        token = auth_sessions.start(db.session.get(User, user_id), "Playwright")
        name = server.app.config["AUTH_COOKIE_NAME"]
    context.add_cookies([{"name": name, "value": token, "url": server.url}])


def fill_registration(page: Page, email: str, name: str, password: str) -> None:
    """Fill in and send the registration form as a person would."""
    page.goto("/auth/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Nome visualizzato").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Conferma password").fill(password)
    page.get_by_text("Accetto le condizioni d'uso").click()  # Bootstrap Italia draws the box on the label
    page.get_by_role("button", name="Crea l'account").click()


@pytest.fixture
def mailing_server(server, smtp_server):
    """The live server sending through the in-process SMTP server, with links to itself."""
    config = server.app.config
    saved = {key: config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT", "PUBLIC_URL")}
    config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, PUBLIC_URL=server.url)
    yield server
    config.update(saved)


def link_from_inbox(server, smtp_server, address: str, path: str) -> str:
    """Deliver the outbox, then the link starting with `path` in the newest message to `address`."""
    with server.app.app_context():
        send_outbox()
    message = smtp_server.mailbox.to(address)[-1]
    text = message.get_body(("plain",)).get_content()
    return re.search(re.escape(server.url + path) + r"\S+", text).group(0)


def flashes(page):
    """The flashed messages at the top of the page."""
    return page.locator(".flashes")
