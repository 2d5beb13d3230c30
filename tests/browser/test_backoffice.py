"""An admin sets up a new administration with its staff and a territorial lab with partners, entirely in Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import Invitation, Lab, User
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import PASSWORD, make_user


def test_admin_sets_up_an_administration_staff_and_a_lab_and_the_log_shows_it(new_context, server):
    with server.app.app_context():
        admin_id = make_user(name="Ada Amministratrice", role="admin").id
        staff_id = make_user(name="Giulia Verdi", email="giulia.verdi@example.it").id
    context = new_context()
    sign_in(context, server, admin_id)
    page = context.new_page()
    flashes = page.locator(".flashes")

    page.goto("/")
    page.get_by_role("navigation", name="Menù utente").get_by_role("link", name="Console").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Console di amministrazione")

    # A new administration, with a mistake first: the error shows next to the field.
    page.get_by_role("navigation", name="Sezioni della console").get_by_role("link", name="Amministrazioni").click()
    page.get_by_role("link", name="Nuova amministrazione").click()
    page.get_by_label("Nome", exact=True).fill("Comune di Ferrara")
    page.get_by_label("Tipo di ente").select_option(label="Comune")
    page.get_by_label("Regione").select_option(label="Emilia-Romagna")
    page.get_by_label("Codice IPA (facoltativo)").fill("c_d548")
    page.get_by_label("Sito web (facoltativo)").fill("www.comune.fe.it")
    page.get_by_role("button", name="Crea l'amministrazione").click()
    expect(page.locator("#website-error")).to_contain_text("Inserisci un indirizzo web completo")
    expect(page.get_by_label("Sito web (facoltativo)")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.get_by_label("Sito web (facoltativo)").fill("https://www.comune.fe.it")
    page.get_by_label("Descrizione (facoltativa)").fill("Il **Comune** di Ferrara.")
    page.get_by_role("button", name="Crea l'amministrazione").click()
    expect(flashes).to_contain_text("Amministrazione «Comune di Ferrara» creata.")

    # Its staff: one person by a role change, another by invitation.
    page.get_by_role("navigation", name="Sezioni della console").get_by_role("link", name="Persone").click()
    page.get_by_label("Nome o email").fill("giulia")
    page.get_by_role("main").get_by_role("button", name="Cerca").click()
    page.get_by_role("link", name="Giulia Verdi").click()
    page.get_by_label("Ruolo").select_option("staff")
    page.get_by_label("Amministrazione (solo per il personale)").select_option(label="Comune di Ferrara")
    page.get_by_label("Motivo").fill("Referente dell'URP")
    page.get_by_role("button", name="Cambia il ruolo").click()
    expect(flashes).to_contain_text("Ruolo di Giulia Verdi aggiornato.")

    page.get_by_role("navigation", name="Sezioni della console").get_by_role("link", name="Inviti").click()
    page.get_by_label("Email della persona da invitare").fill("marco.neri@comune.fe.it")
    page.get_by_label("Ruolo").select_option("staff")
    page.get_by_label("Amministrazione (solo per il personale)").select_option(label="Comune di Ferrara")
    page.get_by_role("button", name="Invia l'invito").click()
    expect(flashes).to_contain_text("marco.neri@comune.fe.it")
    link = re.search(r"/invitations/[\w-]+", flashes.inner_text()).group(0)  # PUBLIC_URL is unset here

    # A territorial lab coordinated by it, with two partners, one edited and one removed.
    page.get_by_role("navigation", name="Sezioni della console").get_by_role("link", name="Laboratori").click()
    page.get_by_role("link", name="Nuovo laboratorio").click()
    page.get_by_label("Nome", exact=True).fill("Laboratorio territoriale di Ferrara")
    page.get_by_label("Territorio").fill("Provincia di Ferrara")
    page.get_by_label("Amministrazione coordinatrice").select_option(label="Comune di Ferrara")
    page.get_by_text("Economia circolare", exact=False).click()  # Bootstrap Italia draws the box on the label
    page.get_by_role("button", name="Crea il laboratorio").click()
    expect(flashes).to_contain_text("ora aggiungi i partner")
    for name, kind in [
        ("Università di Ferrara", "Università"),
        ("CEAS Delta", "CEAS"),
        ("Impresa da togliere", "Impresa"),
    ]:
        page.get_by_label("Nome del partner").fill(name)
        page.get_by_label("Tipo di partner").select_option(label=kind)
        page.get_by_role("button", name="Aggiungi il partner").click()
        expect(flashes).to_contain_text(f"Partner «{name}» aggiunto.")
    page.get_by_role("link", name="Modifica CEAS Delta").click()
    page.get_by_label("Sito web del partner (facoltativo)").fill("https://ceas.example.it")
    page.get_by_role("button", name="Salva le modifiche").click()
    page.get_by_role("button", name="Rimuovi Impresa da togliere").click()
    expect(page.get_by_role("heading", name="Rimuovere il partner?")).to_be_visible()
    page.get_by_role("button", name="Sì, rimuovi il partner").click()
    expect(flashes).to_contain_text("Partner «Impresa da togliere» rimosso.")
    screenshot(page, "backoffice-lab-edit-1280")

    # The public pages show it all.
    page.goto("/labs/laboratorio-territoriale-di-ferrara")
    expect(page.get_by_role("link", name="CEAS Delta")).to_have_attribute("href", "https://ceas.example.it")
    expect(page.get_by_text("Impresa da togliere")).to_have_count(0)

    # Every action is in the audit log, with before → after.
    page.goto("/admin/log")
    log = page.get_by_role("table")
    for action in (
        "Amministrazione creata",
        "Ruolo cambiato",
        "Invito inviato",
        "Laboratorio creato",
        "Partner aggiunto",
        "Partner modificato",
        "Partner rimosso",
    ):
        expect(log).to_contain_text(action)
    expect(log).to_contain_text("citizen → staff")
    expect(log).to_contain_text("Referente dell'URP")
    page.get_by_label("Azione", exact=True).select_option(label="Partner rimosso")
    page.get_by_role("button", name="Filtra").click()
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(1)
    assert_accessible(page)

    # The invited person accepts in another browser and lands on the staff workspace link.
    invited = new_context().new_page()
    invited.goto(link)
    invited.get_by_label("Nome visualizzato").fill("Marco Neri")
    invited.get_by_label("Password", exact=True).fill(PASSWORD)
    invited.get_by_label("Conferma password").fill(PASSWORD)
    invited.get_by_text("Accetto le condizioni d'uso").click()  # Bootstrap Italia draws the box on the label
    invited.get_by_role("button", name="Crea l'account e accetta").click()
    invited.get_by_role("navigation", name="Menù utente").get_by_role("link", name="Area di lavoro").click()
    expect(invited.get_by_role("heading", level=1)).to_have_text("Area di lavoro: Comune di Ferrara")

    with server.app.app_context():
        assert db.session.get(User, staff_id).administration.slug == "comune-di-ferrara"
        marco = db.session.scalar(select(User).where(User.email == "marco.neri@comune.fe.it"))
        assert (marco.role, marco.administration.slug) == ("staff", "comune-di-ferrara")
        assert db.session.scalar(select(Invitation.accepted_by_id)) == marco.id
        lab = db.session.scalar(select(Lab))
        assert (lab.coordinator.slug, [p.name for p in lab.partners]) == (
            "comune-di-ferrara",
            ["CEAS Delta", "Università di Ferrara"],
        )
