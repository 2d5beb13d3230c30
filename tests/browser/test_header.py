"""The header at 375 px: the signed-in slim bar on one line, the main menu behind Bootstrap Italia's
toggler (and in the page without JavaScript), the search box sending to the search page; an evaluator's
way to "Le mie valutazioni" at 1280 and 375 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from challenge.core.extensions import db
from challenge.models import Evaluator
from tests.browser.conftest import DESKTOP, MOBILE, assert_accessible, sign_in
from tests.factories import make_challenge, make_user


@pytest.fixture
def owned(server):
    """The live server with an owning body in the header, restored afterwards."""
    config = server.app.config
    config.update(OWNER_NAME="Regione Emilia-Romagna", OWNER_URL="https://www.regione.emilia-romagna.it")
    yield server
    config.update(OWNER_NAME="", OWNER_URL="")


def admin_id(server) -> int:
    with server.app.app_context():
        user_id = make_user(name="Giulia Verdi Bianchi", role="admin").id
        db.session.remove()
    return user_id


@pytest.mark.parametrize("locale", ["it", "en"])
def test_signed_in_slim_header_keeps_to_one_line_at_375_px(new_context, owned, locale):
    context = new_context(viewport=MOBILE)
    sign_in(context, owned, admin_id(owned))
    page = context.new_page()
    page.goto("/")
    if locale == "en":
        page.get_by_role("button", name="ENG English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    slim = page.locator(".it-header-slim-wrapper-content")
    box = slim.bounding_box()
    assert box is not None and box["height"] <= 56, f"slim header is {box} high"  # one row of 48 px targets
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    expect(slim.get_by_role("link", name="Regione Emilia-Romagna")).to_be_visible()
    # The names are still there for screen readers.
    expect(page.get_by_role("navigation", name="Menu utente" if locale == "it" else "User menu")).to_contain_text(
        "Giulia Verdi Bianchi"
    )
    # The personal area is one tap away: an icon whose name screen readers read.
    activity = slim.get_by_role("link", name="La mia attività" if locale == "it" else "My activity")
    expect(activity).to_be_visible()
    assert_accessible(page)
    activity.click()
    expect(page).to_have_url(f"{owned.url}/account/activity")


def test_main_menu_opens_from_the_toggler_at_375_px(new_context, owned):
    context = new_context(viewport=MOBILE)
    sign_in(context, owned, admin_id(owned))
    page = context.new_page()
    page.goto("/")
    menu = page.locator("#main-navigation")
    expect(menu.get_by_role("link", name="Classifiche")).to_be_hidden()
    toggler = page.get_by_role("button", name="Menu")
    expect(toggler).to_have_attribute("aria-expanded", "false")
    toggler.click()
    expect(menu.get_by_role("link", name="Classifiche")).to_be_visible()
    expect(menu.get_by_role("link", name="Console")).to_be_visible()  # back-office links move here
    assert_accessible(page)
    menu.get_by_role("link", name="Classifiche").click()
    expect(page).to_have_url(f"{owned.url}/leaderboards")


def test_without_javascript_the_main_menu_stays_in_the_page(new_context, server):
    page = new_context(viewport=MOBILE, java_script_enabled=False).new_page()
    page.goto("/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    link = page.locator("#main-navigation").get_by_role("link", name="Classifiche")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(f"{server.url}/leaderboards")


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_header_search_box_sends_q_to_the_search_page(new_context, server, viewport):
    page = new_context(viewport=viewport).new_page()
    page.goto("/")
    search = page.get_by_role("search", name="Cerca in Sfide PA")
    search.get_by_label("Cerca sfide, soluzioni e commenti").fill("biciclette")
    search.get_by_role("button", name="Cerca").click()
    expect(page).to_have_url(f"{server.url}/search?q=biciclette")
    expect(page.get_by_role("search", name="Cerca in Sfide PA").get_by_role("searchbox")).to_have_value("biciclette")


def test_desktop_shows_the_whole_navigation_without_toggler(new_context, server):
    page = new_context(viewport=DESKTOP).new_page()
    page.goto("/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.locator("#main-navigation").get_by_role("link", name="Amministrazioni")).to_be_visible()


def evaluator_id(server) -> int:
    with server.app.app_context():
        juror = make_user(name="Giurato Esterno")
        challenge = make_challenge(status="evaluation")
        db.session.add(Evaluator(challenge_id=challenge.id, email=juror.email, user_id=juror.id))
        db.session.commit()
        user_id = juror.id
        db.session.remove()
    return user_id


@pytest.mark.parametrize("locale", ["it", "en"])
def test_an_evaluator_reaches_their_evaluations_from_the_header(new_context, server, locale):
    user_id = evaluator_id(server)
    name = "Le mie valutazioni" if locale == "it" else "My evaluations"
    desktop = new_context(viewport=DESKTOP, locale="en-GB" if locale == "en" else "it-IT")
    sign_in(desktop, server, user_id)
    page = desktop.new_page()
    page.goto("/")
    page.get_by_role("navigation", name="Menu utente" if locale == "it" else "User menu").get_by_role(
        "link", name=name
    ).click()
    expect(page).to_have_url(f"{server.url}/evaluations")
    phone = new_context(viewport=MOBILE, locale="en-GB" if locale == "en" else "it-IT")
    sign_in(phone, server, user_id)
    page = phone.new_page()
    page.goto("/")
    page.get_by_role("button", name="Menu").click()
    link = page.locator("#main-navigation").get_by_role("link", name=name)
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(f"{server.url}/evaluations")
