"""Lighthouse 12.2.3 (its default mobile profile: a mid-range phone on slow 4G) over the demo site.

Run by `make test-lighthouse` (part of `make test`), which sets SFIDE_LIGHTHOUSE=1; elsewhere the
tests are skipped, so the SQLite and PostgreSQL passes do not run them twice. The site is the app
with the demo data of `flask seed-demo`, served from a thread, its static files from the build of
`make setup`. Targets (issue 21): performance >= 90, accessibility, best practices and SEO 100,
LCP < 2.5 s, CLS < 0.1, at most 200 KiB transferred for a first view and 30 KiB for the next page.

The next-page figure comes from Chromium itself (through Playwright and the DevTools protocol):
a fresh browser opens another page of the site, then the page under test, and the bytes that
crossed the network for the second one are summed (`encodedDataLength`: headers and compressed
bodies), the files kept in its HTTP cache costing nothing, as for a real visitor's second page.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from challenge.core.extensions import db
from challenge.demo.service import seed_demo
from challenge.models import Challenge, Comment, Solution
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import empty_tables, make_app
from tests.live_server import live_server

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
KIB = 1024
PAGES = ["home", "challenge", "solution", "leaderboards", "form"]

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(
        os.environ.get("SFIDE_LIGHTHOUSE") != "1", reason="Lighthouse runs once, in `make test-lighthouse`"
    ),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"),
]


def _paths() -> dict[str, str]:
    """Each page type's path, picking the fullest challenge and the most commented solution."""
    busiest_challenge = db.session.scalar(
        select(Challenge.slug)
        .join(Solution, Solution.challenge_id == Challenge.id)
        .where(Solution.is_visible)
        .group_by(Challenge.id)
        .order_by(func.count(Solution.id).desc())
        .limit(1)
    )
    most_commented = db.session.scalar(
        select(Comment.solution_id)
        .join(Solution, Solution.id == Comment.solution_id)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Comment.is_visible)
        .group_by(Comment.solution_id)
        .order_by(func.count(Comment.id).desc())
        .limit(1)
    )
    assert busiest_challenge and most_commented, "the demo has a challenge with solutions and comments"
    return {
        "home": "/",
        "challenge": f"/challenges/{busiest_challenge}",
        "solution": f"/solutions/{most_commented}",
        "leaderboards": "/leaderboards",
        "form": "/auth/register",
    }


@pytest.fixture(scope="module")
def site(migrated_database) -> Iterator[tuple[str, dict[str, str]]]:
    """The demo site served on a free port: its address and the path of each page type."""
    app = make_app(migrated_database, CACHE_BACKEND="memory", WTF_CSRF_ENABLED=True)
    assert app.extensions["assets_manifest"], "static/dist/manifest.json is missing: run `make setup`"
    with app.app_context():
        empty_tables()
        seed_demo(1)
        paths = _paths()
    with live_server(app) as url:
        yield url, paths
    with app.app_context():
        empty_tables()
        db.session.remove()


def lighthouse(url: str, output: Path) -> dict:
    """Lighthouse's report of `url` on its default (mobile) settings."""
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
            "--output=json",
            f"--output-path={output}",
            "--only-categories=performance,accessibility,best-practices,seo",
        ],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        check=True,
        timeout=180,
    )
    return json.loads(output.read_text())


def failed_audits(report: dict) -> list[str]:
    """The audits of a category that lost it points, for the failure message."""
    failed = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                failed.append(f"{category['id']}: {ref['id']} {audit.get('displayValue', '')}")
    return failed


@pytest.mark.parametrize("page", PAGES)
def test_lighthouse_mobile_targets(site, page, tmp_path):
    url, paths = site
    report = lighthouse(url + paths[page], tmp_path / "report.json")
    assert report["lighthouseVersion"] == "12.2.3"
    assert report["configSettings"]["formFactor"] == "mobile"
    assert not report.get("runtimeError"), report.get("runtimeError")
    scores = {name: category["score"] for name, category in report["categories"].items()}
    audits = report["audits"]
    problems = failed_audits(report)
    print(
        f"\n{page}: {scores}, LCP {audits['largest-contentful-paint']['numericValue']:.0f} ms, CLS {audits['cumulative-layout-shift']['numericValue']:.3f}, {audits['total-byte-weight']['numericValue']:.0f} bytes"
    )
    assert scores["performance"] >= 0.9, (scores, problems)
    assert scores["accessibility"] == 1, problems
    assert scores["best-practices"] == 1, problems
    assert scores["seo"] == 1, problems
    assert audits["largest-contentful-paint"]["numericValue"] < 2500
    assert audits["cumulative-layout-shift"]["numericValue"] < 0.1
    assert audits["total-byte-weight"]["numericValue"] <= 200 * KIB


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def transferred_bytes(page, url: str) -> tuple[int, list[str]]:
    """Bytes that crossed the network while `page` loaded `url`, and the URLs fetched."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    session.on("Network.requestWillBeSent", lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]))
    session.on(
        "Network.loadingFinished", lambda event: sizes.__setitem__(event["requestId"], int(event["encodedDataLength"]))
    )
    page.goto(url, wait_until="networkidle")
    session.detach()
    return sum(sizes.values()), [f"{urls.get(key, key)}: {size}" for key, size in sizes.items() if size]


@pytest.mark.parametrize("page_name", PAGES)
def test_the_next_page_costs_at_most_30_kib(site, chromium, page_name):
    url, paths = site
    before = paths[PAGES[PAGES.index(page_name) - 1]]  # the page a visitor came from
    context = chromium.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    try:
        page = context.new_page()
        cold, _ = transferred_bytes(page, url + before)  # an empty cache: the page and its files
        size, fetched = transferred_bytes(page, url + paths[page_name])
    finally:
        context.close()
    print(f"\n{page_name} after {before}: {size} bytes ({cold} for a first view of the previous page)")
    assert size <= 30 * KIB, fetched
    assert cold > 30 * KIB  # the measure sees the files the first page fetched
