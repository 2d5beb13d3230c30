"""Signing in with SPID in Chromium: the access button, the IdP list without JavaScript, the test IdP, the account."""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from challenge.core.extensions import db
from challenge.models import User
from tests.browser.conftest import DESKTOP, MOBILE, assert_accessible, screenshot
from tests.conftest import empty_tables, make_app
from tests.live_server import live_server as serve
from tests.spid.conftest import SP_ENTITY_ID, spid_files, spid_settings  # noqa: F401  (a fixture)
from tests.spid.idp import TestIdp


@pytest.fixture
def spid_site(migrated_database, spid_files, tmp_path) -> Iterator[tuple[str, TestIdp, object]]:  # noqa: F811
    """The app with SPID on, and a test IdP answering on its own port with a page and a "send" button."""
    server = make_server("127.0.0.1", 0, lambda environ, start: idp_app(environ, start), threaded=True)
    idp = TestIdp(tmp_path, "https://idp.test.example", base_url=f"http://127.0.0.1:{server.server_port}")
    (tmp_path / "idps").mkdir()
    (tmp_path / "idps" / "test-idp.xml").write_text(idp.metadata())
    app = make_app(
        migrated_database,
        WTF_CSRF_ENABLED=True,
        **spid_settings(spid_files, SPID_IDP_METADATA_DIR=str(tmp_path / "idps")),
    )
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    def idp_app(environ, start):
        request = Request(environ)
        authn = idp.read_request(request.url)
        acs = f"{app.config['PUBLIC_URL']}/auth/spid/acs"
        encoded = idp.response(authn.id, acs, SP_ENTITY_ID)
        page = (
            '<!doctype html><html lang="it"><head><meta charset="utf-8"><title>IdP di prova</title>'
            '<link rel="icon" href="data:,"></head><body><h1>IdP di prova</h1>'
            f'<form method="post" action="{html.escape(acs)}">'
            f'<input type="hidden" name="SAMLResponse" value="{encoded}">'
            '<input type="hidden" name="RelayState" value="x"><button>Acconsento e invio</button></form></body></html>'
        )
        return Response(page, mimetype="text/html")(environ, start)

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with app.app_context():
        empty_tables()
    try:
        with serve(app) as url:
            yield url, idp, app
    finally:
        server.shutdown()
        thread.join()
        with app.app_context():
            db.engine.dispose()


def test_sign_in_with_spid_through_the_test_idp(browser, spid_site):
    url, _idp, app = spid_site
    context = browser.new_context(base_url=url, locale="it-IT", viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto("/auth/login")
    page.get_by_text("Entra con SPID").click()  # a <details>: opens without JavaScript
    choice = page.get_by_role("link", name="IdP di prova")
    expect(choice).to_be_visible()
    screenshot(page, "spid-login-it-1280")
    choice.click()
    expect(page.get_by_role("heading", name="IdP di prova")).to_be_visible()
    page.get_by_role("button", name="Acconsento e invio").click()
    expect(page.locator(".flashes")).to_contain_text("Il tuo account è verificato con SPID/CIE")
    page.goto("/account")
    expect(page.get_by_text("verificato con SPID/CIE")).to_be_visible()
    screenshot(page, "spid-account-it-1280")
    with app.app_context():
        assert db.session.scalar(select(User.name)) == "Mario Rossi"
    context.close()


@pytest.mark.parametrize(("locale", "viewport"), [("it-IT", DESKTOP), ("en-GB", MOBILE), ("it-IT", MOBILE)])
def test_the_spid_button_is_accessible(browser, spid_site, locale, viewport):
    url, _idp, _app = spid_site
    context = browser.new_context(base_url=url, locale=locale, viewport=viewport)
    page = context.new_page()
    page.goto("/auth/login")
    page.locator("details.spid-access summary").click()
    assert_accessible(page)
    screenshot(page, f"spid-login-{locale}-{viewport['width']}")
    page.goto("/auth/spid/login?idp=https://nobody.example")
    assert_accessible(page)
    screenshot(page, f"spid-error-{locale}-{viewport['width']}")
    context.close()
