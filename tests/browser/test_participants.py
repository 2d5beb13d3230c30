"""Invited participants in Chromium: the staff invite an address, the person accepts from the email."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import Participant, User
from tests.browser.conftest import MOBILE, link_from_inbox, shot, sign_in
from tests.factories import PASSWORD, make_challenge, make_user

INVITED = "giovanna.ferri@impresa.example"


def invite_from_the_challenge_page(server, new_context) -> tuple[str, Page]:
    """The staff open the participants page from the challenge and invite one address; (slug, staff's page)."""
    with server.app.app_context():
        challenge = make_challenge(title="Idee per il distretto del mobile", visibility="invited")
        staff_id = make_user(name="Paola Staff", role="staff", administration=challenge.administration).id
        slug = challenge.slug
    context = new_context()
    sign_in(context, server, staff_id)
    page = context.new_page()
    page.goto(f"/challenges/{slug}")
    page.get_by_role("link", name="Partecipanti invitati").click()
    expect(page.get_by_text("Nessuno è ancora stato invitato")).to_be_visible()
    page.get_by_label("Indirizzi email").fill(f"{INVITED}\nnon-un-indirizzo")
    page.get_by_role("button", name="Invita").click()
    expect(page.locator("#emails-error")).to_contain_text("riga 2 «non-un-indirizzo»")
    page.get_by_label("Indirizzi email").fill(INVITED)
    page.get_by_role("button", name="Invita").click()
    expect(page.locator(".flashes")).to_contain_text("Invito inviato a 1 indirizzo.")
    expect(page.get_by_role("row", name=re.compile(INVITED))).to_contain_text("invitata")
    return slug, page


def accept_from_the_email(server, smtp_server, new_context) -> Page:
    """The invited person opens the link of the email in a browser of their own and registers on its page."""
    page = new_context().new_page()
    page.goto(link_from_inbox(server, smtp_server, INVITED, "/invitations/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hai ricevuto un invito su Sfide PA")
    expect(page.get_by_text("a partecipare alla sfida «Idee per il distretto del mobile»")).to_be_visible()
    page.get_by_label("Nome visualizzato").fill("Giovanna Ferri")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Conferma password").fill(PASSWORD)
    page.get_by_text("Accetto le condizioni d'uso").click()  # Bootstrap Italia draws the box on the label
    page.get_by_role("button", name="Crea l'account e accetta").click()
    return page


def test_staff_invite_and_the_person_registers_from_the_email(mailing_server, smtp_server, new_context):
    slug, staff_page = invite_from_the_challenge_page(mailing_server, new_context)
    page = accept_from_the_email(mailing_server, smtp_server, new_context)
    expect(page).to_have_url(re.compile(rf"/challenges/{slug}$"))
    with mailing_server.app.app_context():
        user_id, verified = db.session.execute(
            select(User.id, User.email_verified_at).where(User.email == INVITED)
        ).one()
        assert verified is not None  # the link reached the address
        assert db.session.scalars(select(Participant.user_id)).all() == [user_id]
    staff_page.reload()
    expect(staff_page.get_by_role("row", name=re.compile(INVITED))).to_contain_text("accettata")


def test_the_participant_lands_on_the_challenge_and_proposes_while_a_visitor_gets_404(
    mailing_server, smtp_server, new_context
):
    slug, _staff_page = invite_from_the_challenge_page(mailing_server, new_context)
    page = accept_from_the_email(mailing_server, smtp_server, new_context)
    expect(page.get_by_role("heading", level=1)).to_have_text("Idee per il distretto del mobile")
    page.get_by_role("link", name="Proponi una soluzione").click()
    page.get_by_label("Titolo").fill("Un magazzino condiviso tra le imprese")
    page.get_by_label("La tua soluzione").fill("Un solo magazzino per i pezzi di ricambio, prenotato online.")
    page.get_by_role("button", name="Pubblica la soluzione").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Un magazzino condiviso tra le imprese")
    visitor = new_context().new_page()
    assert visitor.goto(f"/challenges/{slug}").status == 404


@pytest.mark.parametrize("locale", ["it-IT", "en-US"])
@pytest.mark.parametrize("viewport", [None, MOBILE], ids=["1280", "375"])
def test_the_participants_page_and_the_invitation_page_fit_every_width(
    mailing_server, smtp_server, new_context, locale, viewport
):
    with mailing_server.app.app_context():
        challenge = make_challenge(title="Idee per il distretto del mobile", visibility="invited")
        staff_id = make_user(name="Paola Staff", role="staff", administration=challenge.administration).id
        slug = challenge.slug
    options = {"locale": locale, **({"viewport": viewport} if viewport else {})}
    staff_context = new_context(**options)
    sign_in(staff_context, mailing_server, staff_id)
    page = staff_context.new_page()
    page.goto(f"/challenges/{slug}/participants")
    page.locator("#emails").fill(f"{INVITED}\nmarco.rossi.lungo.indirizzo@cooperativa-del-distretto.example")
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator("table.table-stack tbody tr")).to_have_count(2)
    width = (viewport or {"width": 1280})["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"participants-{locale}-{width}")
    invitation = new_context(**options).new_page()
    invitation.goto(link_from_inbox(mailing_server, smtp_server, INVITED, "/invitations/"))
    expect(invitation.locator("form input[type=password]").first).to_be_visible()
    assert invitation.evaluate("document.documentElement.scrollWidth") <= width
    shot(invitation, f"participant-invitation-{locale}-{width}")
