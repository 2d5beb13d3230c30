"""Co-authors in two browsers: the author invites by email, the invited person registers from the link,
accepts, edits the solution as its author; the challenge's card names both."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from challenge.core.extensions import db
from tests.browser.conftest import DESKTOP, MOBILE, flashes, link_from_inbox, shot, sign_in
from tests.factories import PASSWORD, make_solution, make_user


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["1280", "375"])
def test_invite_a_coauthor_who_registers_accepts_and_edits(new_context, request, smtp_server, viewport):
    server = request.getfixturevalue("mailing_server")  # the email journeys' server, sending to smtp_server
    with server.app.app_context():
        author = make_user(name="Marco Rossi")
        solution = make_solution(author=author, title="Biciclette in comodato per gli studenti")
        solution_id, slug, author_id = solution.id, solution.challenge.slug, author.id
        db.session.remove()

    inviting = new_context(viewport=viewport)
    sign_in(inviting, server, author_id)
    author_page = inviting.new_page()
    author_page.goto(f"/solutions/{solution_id}")
    author_page.get_by_role("link", name="Invita coautori, invia di nuovo o annulla gli inviti, togli autori").click()
    author_page.get_by_label("Email della persona da invitare").fill("anna.bianchi@example.it")
    author_page.get_by_role("button", name="Invia l'invito").click()
    expect(flashes(author_page)).to_contain_text("Invito inviato")
    expect(author_page.locator(".pending-invitations")).to_contain_text("anna.bianchi@example.it")
    shot(author_page, f"coauthors-authors-page-{viewport['width']}")

    invited = new_context(viewport=viewport).new_page()  # another browser: the invited person's
    invited.goto(link_from_inbox(server, smtp_server, "anna.bianchi@example.it", "/coauthorships/"))
    expect(invited.get_by_role("heading", level=1)).to_have_text("Invito a firmare una soluzione")
    shot(invited, f"coauthors-answer-new-account-{viewport['width']}")
    invited.get_by_label("Nome visualizzato").fill("Anna Bianchi")
    invited.get_by_label("Password", exact=True).fill(PASSWORD)
    invited.get_by_label("Conferma password").fill(PASSWORD)
    invited.get_by_text("Accetto le condizioni d'uso").click()
    invited.get_by_role("button", name="Crea l'account e accetta").click()
    invited.wait_for_url(f"**/solutions/{solution_id}")
    expect(flashes(invited)).to_contain_text("Ora sei tra gli autori di questa soluzione")

    invited.get_by_role("link", name="Modifica", exact=True).click()
    invited.get_by_label("La tua soluzione").fill(
        "Biciclette date in comodato agli studenti, con la manutenzione a carico del Comune."
    )
    invited.get_by_role("button", name="Salva le modifiche").click()
    expect(flashes(invited)).to_contain_text("Soluzione aggiornata")
    shot(invited, f"coauthors-solution-as-coauthor-{viewport['width']}")

    author_page.goto(f"/challenges/{slug}")
    card = author_page.locator(f"#solution-{solution_id}")
    expect(card).to_contain_text("Proposta da Marco Rossi e Anna Bianchi")
    shot(author_page, f"coauthors-card-{viewport['width']}")
