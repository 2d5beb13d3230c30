"""axe-core finds no violation on any page type, at desktop and at mobile width.

SFIDE_SCREENSHOTS=1 also saves every page, at both widths, in tests/artifacts/.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from challenge.extensions import db
from tests.browser.conftest import DESKTOP, MOBILE, assert_accessible, screenshot, sign_in
from tests.conftest import empty_tables
from tests.pages import PAGES, build_site


@pytest.fixture(scope="module")
def site(live_server):
    """One site for the whole module: these tests only read it."""
    with live_server.app.test_request_context():
        empty_tables()
        site = build_site()
        db.session.remove()
    return site


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
@pytest.mark.parametrize("case", PAGES, ids=[case.name for case in PAGES])
def test_page_has_no_axe_violations(site, live_server, new_context, case, viewport):
    context = new_context(viewport=viewport)
    if case.role:
        sign_in(context, live_server, site.accounts[case.role])
    page = context.new_page()
    response = page.goto(case.url(site))
    assert response.status == case.status
    if os.environ.get("SFIDE_SCREENSHOTS"):
        screenshot(page, f"{case.name}-{viewport['width']}")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_form_errors_have_no_axe_violations(server, new_context, viewport):
    page = new_context(viewport=viewport).new_page()
    page.goto("/auth/register")
    page.get_by_label("Email").fill("non-una-email")
    page.get_by_role("button", name="Crea l'account").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Il modulo contiene errori")
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
