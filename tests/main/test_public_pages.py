"""What an Italian public site must publish: the owning body in the header, the footer, the privacy
notice (GDPR art. 13) and the accessibility statement, all from settings."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from challenge.admin.legal import publish_version
from challenge.core import audit
from challenge.core.extensions import db
from tests.conftest import empty_tables
from tests.factories import login, make_user

OWNER = {
    "OWNER_NAME": "Regione Emilia-Romagna",
    "OWNER_URL": "https://www.regione.emilia-romagna.it",
    "OWNER_ADDRESS": "Viale Aldo Moro 52, 40127 Bologna",
    "CONTACT_EMAIL": "sfide@regione.example.it",
    "CONTACT_PEC": "sfide@postacert.regione.example.it",
    "PRIVACY_DPO_NAME": "Ufficio RPD",
    "PRIVACY_DPO_EMAIL": "dpo@regione.example.it",
    "PRIVACY_HOSTING_PROVIDER": "Lepida ScpA",
    "ACCESSIBILITY_STATEMENT_URL": "https://form.agid.gov.it/view/sfide-pa",
    "ACCESSIBILITY_CHECKED_AT": "2026-12-01",
}


@pytest.fixture
def owned_app(app_factory):
    app = app_factory(**OWNER)
    with app.app_context():
        empty_tables()
    return app


def page(app, url: str, lang: str = "it") -> str:
    return app.test_client().get(url, headers={"Accept-Language": lang}).get_data(as_text=True)


def test_slim_header_names_and_links_the_owning_body(owned_app, app):
    html = page(owned_app, "/")
    slim = html[html.index("it-header-slim-wrapper") : html.index("it-header-slim-right-zone")]
    assert 'href="https://www.regione.emilia-romagna.it"' in slim and "Regione Emilia-Romagna" in slim
    assert "Regione Emilia-Romagna" not in page(app, "/")  # unset: no body is named


def test_header_has_a_get_search_box_for_the_search_page(app):
    html = page(app, "/")
    form = re.search(r'<form class="header-search"[^>]*>.*?</form>', html, re.S)
    assert form, "no search form in the header"
    assert 'method="get"' in form.group(0) and 'action="/search"' in form.group(0)
    assert 'name="q"' in form.group(0) and 'type="search"' in form.group(0)
    assert 'role="search"' in form.group(0)
    assert "<label" in form.group(0)
    # On the results page it keeps what was asked.
    assert 'value="bici"' in page(app, "/search?q=bici").split('class="header-search"', 1)[1].split("</form>", 1)[0]


def test_main_navigation_uses_bootstrap_italias_collapsible_navbar(app):
    html = page(app, "/")
    assert 'class="navbar navbar-expand-lg has-megamenu"' in html
    assert re.search(r'class="custom-navbar-toggler"[^>]*data-bs-toggle="navbarcollapsible"', html, re.S)
    assert 'data-bs-target="#main-navigation"' in html and 'aria-controls="main-navigation"' in html
    assert '<div class="navbar-collapsable" id="main-navigation">' in html
    # The links are in the page itself, so they stay reachable without JavaScript.
    nav = html[html.index('id="main-navigation"') :]
    for href in ("/challenges", "/leaderboards", "/administrations", "/labs"):
        assert f'href="{href}"' in nav
    assert re.search(r'<script src="/static/[^"]*has-js[^"]*\.js"></script>', html.split("</head>")[0])  # not deferred


def test_signed_in_back_office_links_are_also_in_the_collapsed_menu(app):
    client = app.test_client()
    with app.app_context():
        login(client, make_user(role="admin"))
    html = client.get("/").get_data(as_text=True)
    nav = html[html.index('id="main-navigation"') : html.index("</nav>", html.index('id="main-navigation"'))]
    assert 'href="/admin"' in nav and 'href="/moderation"' in nav


def test_footer_has_body_contacts_privacy_accessibility_legal_notes_and_feedback(owned_app):
    html = page(owned_app, "/")
    footer = html[html.index('<footer class="it-footer"') :]
    for expected in (
        "Regione Emilia-Romagna",
        "Viale Aldo Moro 52, 40127 Bologna",
        'href="mailto:sfide@regione.example.it"',
        'href="mailto:sfide@postacert.regione.example.it"',
        'href="/pages/privacy"',
        'href="/pages/condizioni-d-uso"',
        'href="/accessibilita"',
        'href="/note-legali"',
        'href="/open-data"',
    ):
        assert expected in footer, expected
    assert re.search(r'<a href="mailto:sfide@regione.example.it">Invia un commento', footer)


def test_footer_feedback_link_prefers_the_form_then_falls_back_to_the_statement(app_factory, app):
    with_form = app_factory(FEEDBACK_URL="https://www.regione.example.it/valuta", CONTACT_EMAIL="a@example.it")
    assert '<a href="https://www.regione.example.it/valuta">Invia un commento' in page(with_form, "/")
    assert '<a href="/accessibilita#feedback">Invia un commento' in page(app, "/")


def test_privacy_notice_names_controller_dpo_recipients_and_the_garante(owned_app):
    html = page(owned_app, "/pages/privacy")
    controller = re.search(r"<p data-controller>(.*?)</p>", html, re.S).group(1)
    assert "Regione Emilia-Romagna" in controller and "Viale Aldo Moro 52" in controller
    assert "mailto:sfide@regione.example.it" in controller
    dpo = re.search(r"<p data-dpo>(.*?)</p>", html, re.S).group(1)
    assert "Ufficio RPD" in dpo and "mailto:dpo@regione.example.it" in dpo
    assert "Lepida ScpA, che gestisce i server" in html
    assert "art. 6, par. 1, lett. e GDPR" in html and "art. 6, par. 1, lett. a GDPR" in html
    assert "art. 77 GDPR" in html and 'href="https://www.garanteprivacy.it/"' in html
    assert 'href="/account/export"' in html and 'href="/account"' in html
    assert "cancelli l'account" in html


def test_privacy_notice_says_passwords_are_hashed_not_encrypted(app):
    for url in ("/pages/privacy", "/note-legali"):
        assert "cifrat" not in page(app, url)
    assert "conservate in forma di hash" in page(app, "/pages/privacy")
    english = page(app, "/pages/privacy", "en")
    assert "Privacy notice" in english and "published in Italian" in english and "encrypt" not in english


def test_privacy_notice_retention_follows_the_settings_the_code_applies(app_factory):
    app = app_factory(
        AUTH_SESSION_IDLE=timedelta(days=7),
        PASSWORD_FAILURES_KEPT=2 * 3600,
        VERIFY_EMAIL_MAX_AGE=timedelta(hours=24),
        PASSWORD_RESET_MAX_AGE=timedelta(hours=1),
        FLAG_AUTO_HIDE=4,
    )
    html = page(app, "/pages/privacy")
    assert "dopo 7 giorni senza attività" in html
    assert "cancellati 2 ore dopo l'ultimo tentativo errato" in html
    assert "il link vale 24 ore." in html
    assert "il link vale 1 ora e una sola volta." in html
    assert "segnalato da 4 persone diverse" in html
    one_day = page(app_factory(AUTH_SESSION_IDLE=timedelta(days=1)), "/pages/privacy")
    assert "dopo 1 giorno senza attività" in one_day


def test_privacy_notice_without_settings_names_no_setting_and_tells_the_admins(app):
    html = page(app, "/pages/privacy")
    assert "FLASK_" not in html and "impostazion" not in html
    assert "non sono ancora indicati in questa pagina" in html
    assert "data-controller" not in html and "data-dpo" not in html
    client = app.test_client()
    with app.app_context():
        login(client, make_user(role="admin"))
    for url in ("/admin", "/admin/legal"):
        warning = re.search(
            r"<div class=\"alert alert-warning text-break\" data-missing-settings>(.*?)</div>",
            client.get(url).get_data(as_text=True),
            re.S,
        )
        assert warning, url
        assert "FLASK_PRIVACY_CONTROLLER_NAME" in warning.group(1) and "FLASK_PRIVACY_DPO_EMAIL" in warning.group(1)


def test_admins_see_no_warning_once_the_privacy_settings_are_given(owned_app):
    client = owned_app.test_client()
    with owned_app.app_context():
        login(client, make_user(role="admin"))
    assert "data-missing-settings" not in client.get("/admin").get_data(as_text=True)


def test_privacy_notice_shows_the_version_in_force_published_from_the_console(app):
    assert f"Versione in vigore: {app.config['PRIVACY_VERSION']}." in page(app, "/pages/privacy")
    with app.app_context():
        publish_version(
            audit.CLI_ACTOR, "privacy", "2027-02-01", "Nuovi tempi di conservazione.", "## Novità\n\nTesto nuovo."
        )
        db.session.remove()
    html = page(app, "/pages/privacy")
    assert "Versione in vigore: 2027-02-01." in html and "Nuovi tempi di conservazione." in html
    assert "<h2>Novità</h2>" in html and "conservate in forma di hash" not in html


def test_the_old_privacy_address_leads_to_the_content_page(app):
    response = app.test_client().get("/privacy")
    assert response.status_code == 301 and response.headers["Location"].endswith("/pages/privacy")


def test_accessibility_statement_links_agid_feedback_and_the_difensore_civico(owned_app):
    html = page(owned_app, "/accessibilita")
    assert '<a href="https://form.agid.gov.it/view/sfide-pa" data-agid-statement>' in html
    assert 'id="feedback"' in html and 'href="mailto:sfide@regione.example.it" data-feedback-email' in html
    assert "Difensore civico per il digitale" in html and 'href="https://www.agid.gov.it/' in html
    assert "axe-core" in html and "Nu Html Checker" in html
    assert "risale al 1 dic 2026" in html
    english = page(owned_app, "/accessibilita", "en")
    assert "Digital ombudsman" in english and "the last full check of this version was on Dec 1, 2026" in english


def test_accessibility_statement_without_settings_names_no_setting_and_tells_the_admins(app):
    html = page(app, "/accessibilita")
    assert "FLASK_" not in html and "impostazion" not in html
    assert "data-statement-missing" in html and "data-feedback-missing" in html
    assert "data-agid-statement" not in html and "data-feedback-email" not in html
    client = app.test_client()
    with app.app_context():
        login(client, make_user(role="admin"))
    warning = re.search(r"data-missing-settings>(.*?)</div>", client.get("/admin").get_data(as_text=True), re.S)
    assert warning and "FLASK_ACCESSIBILITY_STATEMENT_URL" in warning.group(1)
    assert "FLASK_CONTACT_EMAIL / FLASK_FEEDBACK_URL" in warning.group(1)
