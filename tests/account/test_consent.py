"""Consent: registration accepts the versioned terms; a newer version is accepted before the next write."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from challenge.account import sessions as auth_sessions
from challenge.core.extensions import db
from challenge.core.permissions import can_contribute
from challenge.models import Follow, User
from tests.conftest import empty_tables
from tests.factories import login, make_challenge, make_user

REGISTRATION = {
    "email": "anna@example.it",
    "name": "Anna Neri",
    "password": "orto-urbano-2026",
    "confirm": "orto-urbano-2026",
}


def test_registration_stores_the_versions_accepted_and_when(app, client):
    assert client.post("/auth/register", data=REGISTRATION | {"accept_terms": "y"}).status_code == 303
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.terms_version, user.privacy_version) == (
            app.config["TERMS_VERSION"],
            app.config["PRIVACY_VERSION"],
        )
        assert user.terms_accepted_at is not None and user.privacy_accepted_at is not None


@pytest.mark.parametrize("value", [None, "", "n", "yes", "on"])
def test_registration_without_accepting_is_refused(app, client, value):
    data = REGISTRATION | ({"accept_terms": value} if value is not None else {})
    response = client.post("/auth/register", data=data)
    assert response.status_code == 422
    assert 'id="accept_terms-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_a_newer_version_blocks_writes_until_accepted(app_factory):
    app = app_factory(TERMS_VERSION="2027-01-01")
    with app.app_context():
        empty_tables()
        user = make_user(terms_version="2026-12-01")
        assert not can_contribute(user)
        slug = make_challenge().slug
        client = app.test_client()
        login(client, user)
    page = client.get(f"/challenges/{slug}").get_data(as_text=True)
    assert 'id="terms-notice"' in page
    refused = client.post(f"/challenges/{slug}/follow")
    assert refused.status_code == 403
    assert "accetta le condizioni d" in refused.get_data(as_text=True)
    assert client.get("/account/terms").status_code == 200
    assert client.post("/account/terms", data={}).status_code == 422
    accepted = client.post(f"/account/terms?next=/challenges/{slug}", data={"accept_terms": "y"})
    assert accepted.headers["Location"].endswith(f"/challenges/{slug}")
    with app.app_context():
        assert db.session.scalar(select(User.terms_version)) == "2027-01-01"
    assert client.post(f"/challenges/{slug}/follow").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Follow)) == 1


def test_signed_in_requests_share_one_built_sign_in_check(app, client):
    """The statement reading the session, its account and the versions in force is built once, not per request."""
    with app.app_context():
        login(client, make_user())
    assert client.get("/").status_code == 200
    before = auth_sessions._resolving.cache_info()
    for _ in range(2):
        assert client.get("/").status_code == 200
    after = auth_sessions._resolving.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (2, 0)


def test_a_newer_privacy_notice_asks_again_too(app_factory):
    app = app_factory(PRIVACY_VERSION="2027-01-01")
    with app.app_context():
        empty_tables()
        assert not can_contribute(make_user(privacy_version="2026-12-01"))


def test_accounts_that_never_accepted_are_asked(app):
    with app.app_context():
        assert not can_contribute(make_user(terms_version=None, privacy_version=None))


def test_terms_page_only_goes_back_to_local_pages(app, client):
    with app.app_context():
        login(client, make_user(terms_version=None))
    response = client.post("/account/terms?next=https://altrove.example/", data={"accept_terms": "y"})
    assert response.headers["Location"].endswith("/account")


def test_an_account_that_never_accepted_terms_is_asked_for_them_not_told_they_changed(app, client):
    """An account made with `flask users create` or SPID has accepted no terms yet: nothing "changed" for it."""
    with app.app_context():
        user = make_user(terms_version=None, privacy_version=None)
        login(client, user)
    page = client.get("/challenges").get_data(as_text=True)
    assert 'id="terms-notice"' in page
    assert "Prima di proporre, commentare o votare leggi e accetta le condizioni d'uso." in page
    assert "sono cambiate" not in page
    terms = client.get("/account/terms").get_data(as_text=True)
    assert "<h1>Condizioni d'uso</h1>" in terms and "aggiornate" not in terms
    assert "sono cambiate" not in terms


def test_an_account_that_accepted_older_terms_is_told_they_changed(app_factory):
    app = app_factory(TERMS_VERSION="2027-01-01")
    with app.app_context():
        empty_tables()
        client = app.test_client()
        login(client, make_user(terms_version="2026-12-01"))
    assert "Le condizioni d'uso sono cambiate" in client.get("/challenges").get_data(as_text=True)
    assert "<h1>Condizioni d'uso aggiornate</h1>" in client.get("/account/terms").get_data(as_text=True)
