"""axe-core finds no violation on any page type, at desktop and at mobile width, and no page is wider than the screen.

SFIDE_SCREENSHOTS=1 also saves every page, at both widths, in tests/artifacts/.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, MOBILE, assert_accessible, screenshot, sign_in
from tests.pages import PAGES


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
    # Nothing sticks out sideways: wide tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_form_errors_have_no_axe_violations(live_server, new_context, viewport):
    # The module's shared site stays: emptying the tables here would pull it from under the later tests.
    page = new_context(viewport=viewport).new_page()
    page.goto("/auth/register")
    page.get_by_label("Email").fill("non-una-email")
    page.get_by_role("button", name="Crea l'account").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Il modulo contiene errori")
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_open_comment_menus_have_no_axe_violations(site, live_server, new_context, viewport):
    context = new_context(viewport=viewport)
    sign_in(context, live_server, site.accounts["moderator"])
    page = context.new_page()
    page.goto(f"/solutions/{site.solution}")
    menus = page.locator("details.comment-menu")
    assert menus.count() > 1
    menus.evaluate_all("menus => menus.forEach(menu => { menu.open = true; })")
    expect(menus.first.get_by_role("link", name="Nascondi")).to_be_visible()
    if os.environ.get("SFIDE_SCREENSHOTS"):
        screenshot(page, f"solution-comment-menus-{viewport['width']}")
    assert_accessible(page)
