"""Layouts at 375 and 1280 px: the leaderboard's score in view, the challenge list's filters folded away,
the proposal button near the top of a challenge, one layout for a challenge in every phase (its side
column beside the text, the Esito of a closed one in the text column), the solution page using its width, the confirmation
step, visible borders on every text field, and English pages marking Italian content.

SFIDE_SCREENSHOTS=1 saves each page looked at in tests/artifacts/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, MOBILE, assert_accessible, shot, sign_in


def test_the_leaderboard_score_and_formula_fit_a_phone(site, new_context):
    page = new_context(viewport=MOBILE).new_page()
    page.goto("/leaderboards?period=all")
    shot(page, "layout-leaderboards-375")
    score = page.locator(".leaderboard-score").first
    box = score.bounding_box()
    assert box is not None and box["x"] + box["width"] <= MOBILE["width"]
    formula = page.locator("#lb-admins-formula").bounding_box()
    assert formula is not None and formula["x"] >= 0 and formula["x"] + formula["width"] <= MOBILE["width"]


def test_the_challenge_list_puts_the_first_result_in_view_on_a_phone(site, new_context):
    page = new_context(viewport=MOBILE).new_page()
    page.goto("/challenges")
    shot(page, "layout-challenge-list-375")
    expect(page.locator("#filter-status")).to_be_hidden()
    first = page.locator(".challenge-card").first.bounding_box()
    assert first is not None and first["y"] < MOBILE["height"]
    page.get_by_text("Filtra", exact=True).click()
    expect(page.locator("#filter-status")).to_be_visible()


def test_the_challenge_list_shows_its_filters_beside_the_results_on_a_desktop(site, new_context):
    page = new_context(viewport=DESKTOP).new_page()
    page.goto("/challenges")
    shot(page, "layout-challenge-list-1280")
    expect(page.locator("#filter-status")).to_be_visible()
    expect(page.locator(".filters-summary")).to_be_hidden()


def test_propose_a_solution_sits_near_the_top_of_a_challenge_on_a_phone(site, live_server, new_context):
    context = new_context(viewport=MOBILE)
    sign_in(context, live_server, site.accounts["citizen"])
    page = context.new_page()
    page.goto(f"/challenges/{site.open_challenge}")
    shot(page, "layout-challenge-detail-375")
    button = page.get_by_role("link", name="Proponi una soluzione").locator("visible=true").first
    box = button.bounding_box()
    assert box is not None and box["y"] < 700


PHASES = {"open": "open_challenge", "evaluation": "evaluated_challenge", "closed": "closed_challenge"}


@pytest.mark.parametrize("phase", PHASES)
def test_a_challenge_keeps_its_side_column_beside_the_text_in_every_phase(site, new_context, phase):
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(f"/challenges/{getattr(site, PHASES[phase])}")
    shot(page, f"layout-challenge-{phase}-1280")
    article = page.locator("article").first.bounding_box()
    side = page.locator("aside").first.bounding_box()
    stats = page.locator(".stats-box").first.bounding_box()
    assert article is not None and side is not None and stats is not None
    assert side["x"] >= article["x"] + article["width"] - 1  # to its right,
    assert abs(side["y"] - article["y"]) < 5  # starting at the same height,
    assert stats["width"] < DESKTOP["width"] / 3  # in a column a third of the page wide
    if phase == "closed":
        esito = page.locator("#esito").bounding_box()
        assert esito is not None and esito["x"] + esito["width"] <= side["x"]  # the Esito stays in the text column


def test_a_closed_challenge_on_a_phone_shows_its_esito_before_the_side_column(site, new_context):
    page = new_context(viewport=MOBILE).new_page()
    page.goto(f"/challenges/{site.closed_challenge}")
    shot(page, "layout-challenge-closed-375")
    esito = page.locator("#esito").bounding_box()
    stats = page.locator(".stats-box").first.bounding_box()
    assert esito is not None and stats is not None and esito["y"] + esito["height"] <= stats["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]


def test_the_solution_page_uses_the_right_column_on_a_desktop(site, new_context):
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(f"/solutions/{site.solution}")
    shot(page, "layout-solution-1280")
    card = page.locator(".solution-challenge-card").bounding_box()
    assert card is not None and card["x"] > DESKTOP["width"] * 0.6
    assert card["y"] < 600  # beside the solution, not under it
    mobile = new_context(viewport=MOBILE).new_page()
    mobile.goto(f"/solutions/{site.solution}")
    shot(mobile, "layout-solution-375")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_withdrawing_asks_first_without_javascript(site, live_server, new_context, viewport):
    context = new_context(viewport=viewport, java_script_enabled=False)
    sign_in(context, live_server, site.accounts["author"])
    page = context.new_page()
    page.goto(f"/solutions/{site.solution}")
    page.get_by_role("button", name="Ritira la soluzione").click()
    expect(page.get_by_role("heading", name="Ritirare la soluzione?")).to_be_visible()
    shot(page, f"layout-confirm-withdraw-{viewport['width']}")
    page.get_by_role("link", name="Annulla").click()
    expect(page.get_by_role("button", name="Ritira la soluzione")).to_be_visible()  # nothing changed


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_the_confirmation_page_is_accessible(site, live_server, new_context, viewport):
    context = new_context(viewport=viewport)
    sign_in(context, live_server, site.accounts["staff"])
    page = context.new_page()
    page.goto(f"/challenges/{site.open_challenge}")
    page.get_by_role("button", name="Passa alla valutazione").click()
    expect(page.get_by_role("heading", name="Passare alla valutazione?")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_text_fields_without_a_type_still_show_their_line(site, live_server, new_context):
    context = new_context(viewport=DESKTOP)
    sign_in(context, live_server, site.accounts["moderator"])
    page = context.new_page()
    page.goto("/moderation/log")
    shot(page, "layout-moderation-log-1280")
    page.evaluate("document.getElementById('actor').removeAttribute('type')")  # as a template might leave it
    width = page.evaluate("getComputedStyle(document.getElementById('actor')).borderBottomWidth")
    assert width == "1px"


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_english_pages_mark_italian_content_and_show_named_sdgs(site, new_context, viewport):
    context = new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.goto(f"/challenges/{site.open_challenge}")
    shot(page, f"layout-challenge-detail-en-{viewport['width']}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#challenge-title")).to_have_attribute("lang", "it")
    expect(page.locator(".user-content").first).to_have_attribute("lang", "it")
    sdg = page.locator(".sdg-list .sdg").first
    expect(sdg.locator(".sdg-name")).not_to_be_empty()
    assert_accessible(page)  # axe checks the colours' contrast too
    page.goto(f"/solutions/{site.solution}")
    shot(page, f"layout-solution-en-{viewport['width']}")
    expect(page.locator(".comment .user-content").first).to_have_attribute("lang", "it")
