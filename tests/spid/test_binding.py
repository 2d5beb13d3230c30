"""A sign-in belongs to the browser that started it; a pending link to the account it names, once confirmed."""

from __future__ import annotations

import re
import time

from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import User
from challenge.spid import accounts as spid_accounts
from challenge.spid import binding
from challenge.spid.views import PENDING_LINK_KEY
from tests.factories import PASSWORD, login, make_user
from tests.spid.conftest import ACS_URL, SP_ENTITY_ID, post_response, start_login, users_count
from tests.spid.idp import ATTRIBUTES

IDENTITY_HASH_OTHER = "b" * 64


def linked_hash(app, email: str) -> str | None:
    with app.app_context():
        return db.session.scalar(select(User.spid_fiscal_hash).where(User.email == email))


def test_a_response_carried_to_another_browser_is_refused(spid_app, idp):
    attacker = spid_app.test_client()
    request = start_login(attacker, idp)
    encoded = idp.response(request.id, ACS_URL, SP_ENTITY_ID)
    victim = spid_app.test_client()
    response = post_response(victim, encoded)
    assert response.status_code == 403
    assert "browser diverso" in response.get_data(as_text=True)
    assert victim.get("/account").status_code == 302  # not signed in as the attacker (login CSRF)
    assert users_count(spid_app) == 0
    assert post_response(attacker, encoded).status_code == 303  # its own browser still may use it


def test_a_browser_with_another_value_is_refused(spid_app, idp):
    client = spid_app.test_client()
    request = start_login(client, idp)
    client.set_cookie(binding.COOKIE_NAME, "x" * 43, path=binding.COOKIE_PATH)
    assert post_response(client, idp.response(request.id, ACS_URL, SP_ENTITY_ID)).status_code == 403


def test_the_binding_cookie_reaches_the_idps_cross_site_post_over_https(spid_app_factory, idp):
    app = spid_app_factory(PUBLIC_URL="https://sfide.comune.example")
    response = app.test_client().get("/auth/spid/login", query_string={"idp": idp.entity_id})
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith(binding.COOKIE_NAME))
    assert "SameSite=None" in cookie and "Secure" in cookie and "HttpOnly" in cookie
    assert "Path=/auth/" in cookie and "Max-Age=1800" in cookie


def test_two_tabs_of_one_browser_both_sign_in(spid_app, idp):
    client = spid_app.test_client()
    first, second = start_login(client, idp), start_login(client, idp)
    assert post_response(client, idp.response(second.id, ACS_URL, SP_ENTITY_ID)).status_code == 303
    assert post_response(client, idp.response(first.id, ACS_URL, SP_ENTITY_ID)).status_code == 303


def start_link_for_existing_address(app, idp):
    """A SPID sign-in whose email belongs to an account: the identity waits in this browser's session."""
    with app.app_context():
        owner = make_user(email=ATTRIBUTES["email"], name="Mario già iscritto")
        other = make_user(email="anna@example.org", name="Anna")
        ids = owner.id, other.id
    client = app.test_client()
    request = start_login(client, idp)
    answer = post_response(client, idp.response(request.id, ACS_URL, SP_ENTITY_ID))
    assert answer.headers["Location"] == "/auth/spid/link"
    return client, ids


def test_a_pending_link_is_not_completed_by_another_account(spid_app, idp):
    client, _ids = start_link_for_existing_address(spid_app, idp)
    answer = client.post("/auth/login", data={"email": "anna@example.org", "password": PASSWORD})
    assert answer.headers["Location"] == "/"  # no link offered to Anna
    assert client.post("/auth/spid/link").status_code == 303
    assert linked_hash(spid_app, "anna@example.org") is None
    assert linked_hash(spid_app, ATTRIBUTES["email"]) is None


def test_a_pending_link_naming_another_account_cannot_be_confirmed(spid_app, idp):
    client, (owner_id, other_id) = start_link_for_existing_address(spid_app, idp)
    with spid_app.app_context():
        login(client, db.session.get(User, other_id))
    assert client.get("/auth/spid/link").status_code == 303
    with client.session_transaction() as session:
        session[PENDING_LINK_KEY] = {"hash": "c" * 64, "provider": "spid", "user_id": owner_id, "until": 2**40}
    page = client.post("/auth/spid/link", follow_redirects=True).get_data(as_text=True)
    assert "non riguarda il tuo account" in page
    assert linked_hash(spid_app, "anna@example.org") is None


def test_a_pending_link_naming_no_account_cannot_be_confirmed(spid_app):
    with spid_app.app_context():
        user = make_user()
        client = spid_app.test_client()
        login(client, user)
        email = user.email
    with client.session_transaction() as session:  # as the old code stored it: no account named
        session[PENDING_LINK_KEY] = {"hash": "c" * 64, "provider": "spid"}
    assert client.post("/auth/spid/link").status_code == 303
    assert linked_hash(spid_app, email) is None


def test_an_expired_pending_link_cannot_be_confirmed(spid_app):
    with spid_app.app_context():
        user = make_user()
        client = spid_app.test_client()
        login(client, user)
        email, user_id = user.email, user.id
    with client.session_transaction() as session:
        session[PENDING_LINK_KEY] = {"hash": "c" * 64, "provider": "spid", "user_id": user_id, "until": 0}
    client.post("/auth/spid/link")
    assert linked_hash(spid_app, email) is None


def test_an_existing_link_is_never_overwritten(spid_app, idp):
    with spid_app.app_context():
        user = make_user(email=ATTRIBUTES["email"], spid_fiscal_hash=IDENTITY_HASH_OTHER, spid_provider="spid")
        user_id = user.id
    client = spid_app.test_client()
    request = start_login(client, idp)
    answer = post_response(client, idp.response(request.id, ACS_URL, SP_ENTITY_ID))
    assert answer.status_code == 403 and "già collegato" in answer.get_data(as_text=True)
    with spid_app.app_context():
        login(client, db.session.get(User, user_id))
    with client.session_transaction() as session:
        session[PENDING_LINK_KEY] = {"hash": "c" * 64, "provider": "cie", "user_id": user_id, "until": 2**40}
    client.post("/auth/spid/link")
    assert linked_hash(spid_app, ATTRIBUTES["email"]) == IDENTITY_HASH_OTHER


def test_the_link_is_confirmed_by_a_post_with_its_csrf_token(spid_app_factory):
    app = spid_app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user = make_user()
        client = app.test_client()
        login(client, user)
        email, user_id = user.email, user.id
        digest = spid_accounts.fiscal_hash(ATTRIBUTES["fiscalNumber"])
    with client.session_transaction() as session:
        session[PENDING_LINK_KEY] = {"hash": digest, "provider": "spid", "user_id": user_id, "until": time.time() + 60}
    assert client.post("/auth/spid/link").status_code == 400  # no token: a cross-site form cannot link
    assert linked_hash(app, email) is None
    page = client.get("/auth/spid/link").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/auth/spid/link", data={"csrf_token": token}).status_code == 303
    assert linked_hash(app, email) == digest
