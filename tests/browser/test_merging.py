"""Browser journey: the challenge's staff merge a duplicate found among the possible duplicates, and its old
address lands on the surviving solution; at 1280 and 375 px, in Italian and English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, MOBILE, assert_accessible, shot, sign_in
from tests.factories import make_challenge, make_solution, make_user

WORDS = {
    "it": {
        "duplicates": "Possibili duplicati",
        "merge": "Unisci a «{}»",
        "reason": "Motivo",
        "continue": "Continua",
        "confirm": "Sì, unisci le soluzioni",
        "done": "Soluzioni unite",
    },
    "en": {
        "duplicates": "Possible duplicates",
        "merge": "Merge into “{}”",
        "reason": "Reason",
        "continue": "Continue",
        "confirm": "Yes, merge the solutions",
        "done": "Solutions merged",
    },
}


@pytest.mark.parametrize("locale", ["it", "en"])
@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_staff_merge_a_possible_duplicate_and_its_address_leads_to_the_survivor(new_context, server, viewport, locale):
    words = WORDS[locale]
    with server.app.test_request_context():
        challenge = make_challenge(title="Piste ciclabili sicure verso le scuole")
        survivor = make_solution(challenge, title="Percorsi ciclabili protetti davanti alle scuole")
        duplicate = make_solution(challenge, title="Percorsi ciclabili protetti per andare a scuola")
        staff_id = make_user(name="Giulia Rossi", role="staff", administration_id=challenge.administration_id).id
        survivor_id, duplicate_id, survivor_title = survivor.id, duplicate.id, survivor.title
    context = new_context(viewport=viewport)
    sign_in(context, server, staff_id)
    page = context.new_page()
    page.goto(f"/solutions/{duplicate_id}")
    if locale == "en":
        page.get_by_role("button", name="ENG English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    box = page.get_by_role("region", name=words["duplicates"])
    expect(box).to_be_visible()
    shot(page, f"merge-{locale}-{viewport['width']}-1-duplicates")
    box.get_by_role("link", name=words["merge"].format(survivor_title)).click()
    page.get_by_label(words["reason"]).fill("Le due proposte chiedono gli stessi percorsi protetti.")
    assert_accessible(page)
    shot(page, f"merge-{locale}-{viewport['width']}-2-form")
    page.get_by_role("button", name=words["continue"]).click()
    expect(page.locator("main")).to_contain_text("Percorsi ciclabili protetti per andare a scuola")
    shot(page, f"merge-{locale}-{viewport['width']}-3-confirm")
    page.get_by_role("button", name=words["confirm"]).click()
    page.wait_for_url(f"**/solutions/{survivor_id}")
    expect(page.locator(".flashes")).to_contain_text(words["done"])
    shot(page, f"merge-{locale}-{viewport['width']}-4-survivor")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    visitor = new_context(viewport=viewport).new_page()
    visitor.goto(f"/solutions/{duplicate_id}")
    visitor.wait_for_url(f"**/solutions/{survivor_id}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(survivor_title)


def test_the_duplicates_author_reads_the_merge_on_the_survivor_and_appeals(new_context, server):
    from challenge.solutions.merging import merge_solutions
    from challenge.solutions.service import withdraw_solution

    with server.app.test_request_context():
        challenge = make_challenge(title="Piste ciclabili sicure verso le scuole")
        survivor = make_solution(challenge, title="Percorsi ciclabili protetti davanti alle scuole")
        author = make_user(name="Franco Proponente")
        duplicate = make_solution(challenge, author, title="Percorsi ciclabili protetti per andare a scuola")
        staff = make_user(role="staff", administration_id=challenge.administration_id)
        merge_solutions(staff, duplicate, survivor.id, "Le due proposte chiedono gli stessi percorsi protetti.")
        withdrawn = make_solution(challenge, author, title="Rastrelliere per biciclette davanti alle scuole")
        withdraw_solution(author, withdrawn, survivor.id)
        survivor_id, withdrawn_id, author_id = survivor.id, withdrawn.id, author.id
    for viewport in (DESKTOP, MOBILE):
        context = new_context(viewport=viewport)
        sign_in(context, server, author_id)
        page = context.new_page()
        page.goto(f"/solutions/{withdrawn_id}")
        page.get_by_role("link", name="Percorsi ciclabili protetti davanti alle scuole").click()
        page.wait_for_url(f"**/solutions/{survivor_id}")
        statement = page.locator(".moderation-statement")
        expect(statement).to_contain_text("gli stessi percorsi protetti")
        assert_accessible(page)
        shot(page, f"merge-author-{viewport['width']}")
    page.get_by_label("Perché la decisione andrebbe rivista").fill("Le proposte riguardano strade diverse.")
    page.get_by_role("button", name="Presenta ricorso").click()
    expect(page.locator(".flashes")).to_contain_text("Ricorso inviato")
    expect(page.locator(".moderation-statement")).to_contain_text("In attesa di decisione")
