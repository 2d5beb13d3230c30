"""Journeys through the inbox: the links come from the emails a real SMTP server received."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.security import check_password_hash

from challenge.core.extensions import db
from challenge.models import User
from tests.browser.conftest import fill_registration, flashes, link_from_inbox
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "nuova-password-sicura-7"


def test_register_verify_from_the_email_then_sign_in(page, mailing_server, smtp_server):
    fill_registration(page, "chiara.neri@example.it", "Chiara Neri", PASSWORD)
    notice = page.locator("#verify-email-notice")
    expect(notice).to_contain_text("Conferma il tuo indirizzo email")

    page.goto(link_from_inbox(mailing_server, smtp_server, "chiara.neri@example.it", "/auth/verify/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Conferma l'indirizzo email")
    page.get_by_role("main").get_by_role("button", name="Conferma").click()
    expect(flashes(page)).to_contain_text("Indirizzo email confermato")
    expect(notice).to_have_count(0)

    user_menu = page.get_by_role("navigation", name="Menu utente")
    user_menu.get_by_role("button", name="Esci").click()
    user_menu.get_by_role("link", name="Accedi").click()
    page.get_by_label("Email").fill("chiara.neri@example.it")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Accedi").click()
    expect(flashes(page)).to_contain_text("Bentornato, Chiara Neri!")
    expect(notice).to_have_count(0)


def test_forgot_then_reset_from_the_email(page, mailing_server, smtp_server):
    with mailing_server.app.app_context():
        make_user(email="marco@example.it", name="Marco Blu")
    page.goto("/auth/login")
    page.get_by_role("link", name="Password dimenticata?").click()
    page.get_by_label("Email").fill("marco@example.it")
    page.get_by_role("button", name="Inviami il link").click()
    expect(flashes(page)).to_contain_text("Se esiste un account con l'indirizzo marco@example.it")

    link = link_from_inbox(mailing_server, smtp_server, "marco@example.it", "/auth/password/reset/")
    page.goto(link)
    page.get_by_label("Nuova password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Conferma nuova password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Salva la nuova password").click()
    expect(flashes(page)).to_contain_text("Password aggiornata")
    expect(page.get_by_role("navigation", name="Menu utente").get_by_role("link", name="Marco Blu")).to_be_visible()

    page.goto(link)  # the link is spent: opening it again says why
    expect(page.get_by_role("heading", level=1)).to_have_text("Questo link non funziona più")
    with mailing_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == "marco@example.it"))
        assert check_password_hash(user.password_hash, NEW_PASSWORD)
