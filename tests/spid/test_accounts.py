"""Accounts and SPID/CIE: creation, linking after a password sign-in, unlinking, data rights, required-for settings."""

from __future__ import annotations

import json

from sqlalchemy import select

from challenge.account import data_rights
from challenge.core.extensions import db
from challenge.models import Solution, SolutionVote, User
from challenge.spid import accounts as spid_accounts
from tests.factories import PASSWORD, login, make_challenge, make_solution, make_user
from tests.spid.conftest import ACS_URL, SP_ENTITY_ID, post_response, start_login, users_count
from tests.spid.idp import ATTRIBUTES


def sign_in_with_spid(app, idp, client=None):
    client = client or app.test_client()
    request = start_login(client, idp)
    return client, post_response(client, idp.response(request.id, ACS_URL, SP_ENTITY_ID))


def test_an_existing_address_is_linked_only_after_a_password_sign_in(spid_app, idp):
    with spid_app.app_context():
        make_user(email=ATTRIBUTES["email"], name="Mario già iscritto")
    client, response = sign_in_with_spid(spid_app, idp)
    assert response.headers["Location"] == "/auth/spid/link"
    assert client.get("/account").status_code == 302  # not signed in yet
    assert "Accedi una volta con la password" in client.get("/auth/spid/link").get_data(as_text=True)
    with spid_app.app_context():
        assert db.session.scalar(select(User.spid_fiscal_hash)) is None
    answer = client.post("/auth/login", data={"email": ATTRIBUTES["email"], "password": PASSWORD})
    assert answer.status_code == 303 and answer.headers["Location"] == "/auth/spid/link"
    with spid_app.app_context():
        assert db.session.scalar(select(User.spid_fiscal_hash)) is None  # not before an explicit confirmation
    assert "Vuoi collegare la tua identità SPID/CIE" in client.get("/auth/spid/link").get_data(as_text=True)
    assert client.post("/auth/spid/link").status_code == 303
    with spid_app.app_context():
        user = db.session.scalar(select(User))
        assert user.spid_fiscal_hash == spid_accounts.fiscal_hash(ATTRIBUTES["fiscalNumber"])
        assert user.spid_provider == "spid"
    # From now on SPID signs in to that account, without asking the password.
    other, response = sign_in_with_spid(spid_app, idp)
    assert response.headers["Location"] == "/"
    assert "verificato con SPID/CIE" in other.get("/account").get_data(as_text=True)
    assert users_count(spid_app) == 1


def test_a_wrong_password_links_nothing(spid_app, idp):
    with spid_app.app_context():
        make_user(email=ATTRIBUTES["email"])
    client, _ = sign_in_with_spid(spid_app, idp)
    client.post("/auth/login", data={"email": ATTRIBUTES["email"], "password": "sbagliata-davvero"})
    with spid_app.app_context():
        assert db.session.scalar(select(User.spid_fiscal_hash)) is None


def test_the_account_page_shows_the_link_and_removes_it(spid_app):
    with spid_app.app_context():
        user = make_user(spid_fiscal_hash="a" * 64, spid_provider="spid", spid_linked_at=make_user().created_at)
        client = spid_app.test_client()
        login(client, user)
        user_id = user.id
    page = client.get("/account").get_data(as_text=True)
    assert "verificato con SPID/CIE" in page and "Scollega SPID/CIE" in page
    assert "a" * 64 not in page
    assert client.post("/auth/spid/unlink", data={"confirm": "y"}).status_code == 303
    with spid_app.app_context():
        assert db.session.get(User, user_id).spid_fiscal_hash is None
    assert "verificato con SPID/CIE" not in client.get("/account").get_data(as_text=True)


def test_an_account_without_a_password_cannot_lose_its_only_way_in(spid_app, idp):
    client, _ = sign_in_with_spid(spid_app, idp)
    assert "non ha una password: per cancellarlo" in client.get("/account").get_data(as_text=True)
    response = client.post("/auth/spid/unlink", follow_redirects=True)
    assert "non ha una password" in response.get_data(as_text=True)  # refused at the first step already
    response = client.post("/auth/spid/unlink", data={"confirm": "y"}, follow_redirects=True)
    assert "non ha una password" in response.get_data(as_text=True)
    with spid_app.app_context():
        assert db.session.scalar(select(User.spid_fiscal_hash)) is not None


def test_the_fiscal_code_is_never_stored_shown_or_exported(spid_app, idp):
    client, _ = sign_in_with_spid(spid_app, idp)
    code = ATTRIBUTES["fiscalNumber"].removeprefix("TINIT-")
    export = client.get("/account/export").get_data(as_text=True)
    assert code not in export
    with spid_app.app_context():
        user = db.session.scalar(select(User))
        assert user.spid_fiscal_hash not in export
        assert json.loads(export)["profile"]["spid"]["provider"] == "spid"
        for column in User.__table__.columns:
            assert code not in str(getattr(user, column.key))
    assert code not in client.get("/account").get_data(as_text=True)


def test_the_hash_depends_on_the_secret_key(spid_app_factory):
    first, second = spid_app_factory(), spid_app_factory(SECRET_KEY="another-secret")
    with first.app_context():
        a = spid_accounts.fiscal_hash("TINIT-RSSMRA80A01H501U")
        assert a == spid_accounts.fiscal_hash("rssmra80a01h501u")
    with second.app_context():
        assert spid_accounts.fiscal_hash("TINIT-RSSMRA80A01H501U") != a


def test_erasure_clears_the_identity(spid_app):
    with spid_app.app_context():
        user = make_user(spid_fiscal_hash="b" * 64, spid_provider="cie")
        data_rights.delete_account(user, PASSWORD)
        user = db.session.get(User, user.id)
        assert (user.spid_fiscal_hash, user.spid_provider, user.spid_linked_at) == (None, None, None)


def test_spid_required_for_proposing(spid_app_factory):
    app = spid_app_factory(SPID_REQUIRED_FOR="propose")
    with app.app_context():
        challenge = make_challenge()
        plain, verified = make_user(), make_user(spid_fiscal_hash="c" * 64)
        slug, verified_id = challenge.slug, verified.id
    form = {"title": "Una proposta tutta nuova", "body": "Una proposta con abbastanza testo per essere accettata."}
    client = app.test_client()
    with app.app_context():
        login(client, plain)
    refused = client.post(f"/challenges/{slug}/solutions/new", data=form)
    assert refused.status_code == 403
    with app.app_context():
        login(client, verified)
    assert client.post(f"/challenges/{slug}/solutions/new", data=form).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Solution.author_id).where(Solution.title == form["title"])) == verified_id


def test_spid_required_for_voting(spid_app_factory):
    app = spid_app_factory(SPID_REQUIRED_FOR="propose,vote")
    with app.app_context():
        solution = make_solution()
        plain, verified = make_user(), make_user(spid_fiscal_hash="d" * 64)
        solution_id, verified_id = solution.id, verified.id
    client = app.test_client()
    with app.app_context():
        login(client, plain)
    assert client.post(f"/solutions/{solution_id}/vote", data={"value": "1"}).status_code == 403
    with app.app_context():
        login(client, verified)
    assert client.post(f"/solutions/{solution_id}/vote", data={"value": "1"}).status_code in (200, 303)
    with app.app_context():
        assert db.session.scalars(select(SolutionVote.user_id)).all() == [verified_id]


def test_pages_offer_proposing_and_voting_only_to_whom_may(spid_app_factory):
    """With SPID/CIE required, a password-only account sees why instead of buttons that would answer 403."""
    app = spid_app_factory(SPID_REQUIRED_FOR="propose,vote")
    clients = {"plain": app.test_client(), "verified": app.test_client()}
    with app.app_context():
        solution = make_solution()
        slug, solution_id = solution.challenge.slug, solution.id
        login(clients["plain"], make_user())
        login(clients["verified"], make_user(spid_fiscal_hash="e" * 64))
    pages = {
        name: (
            client.get(f"/challenges/{slug}").get_data(as_text=True),
            client.get(f"/solutions/{solution_id}").get_data(as_text=True),
        )
        for name, client in clients.items()
    }
    propose = f'href="/challenges/{slug}/solutions/new"'
    vote = f'action="/solutions/{solution_id}/vote"'
    (challenge_page, solution_page), (verified_challenge, verified_solution) = pages["plain"], pages["verified"]
    assert propose not in challenge_page and "devi entrare con SPID o CIE" in challenge_page
    assert vote not in solution_page and vote not in challenge_page
    assert propose in verified_challenge and vote in verified_solution


def test_voting_is_open_to_all_when_only_proposing_needs_spid(spid_app_factory):
    app = spid_app_factory(SPID_REQUIRED_FOR="propose")
    with app.app_context():
        solution, plain = make_solution(), make_user()
        solution_id = solution.id
        client = app.test_client()
        login(client, plain)
    assert client.post(f"/solutions/{solution_id}/vote", data={"value": "1"}).status_code in (200, 303)


def test_password_registration_can_be_turned_off(spid_app_factory):
    app = spid_app_factory(PASSWORD_REGISTRATION=False)
    client = app.test_client()
    page = client.get("/auth/register")
    assert page.status_code == 200 and "Registrazione con SPID o CIE" in page.get_data(as_text=True)
    form = {"email": "nuova@example.it", "name": "Nuova", "password": PASSWORD, "confirm": PASSWORD}
    assert client.post("/auth/register", data={**form, "accept_terms": "y", "kind": "person"}).status_code == 403
    assert users_count(app) == 0
    assert 'href="/auth/register' not in client.get("/auth/login").get_data(as_text=True)
    with app.app_context():
        staff = make_user(role="staff")
        email = staff.email
    assert client.post("/auth/login", data={"email": email, "password": PASSWORD}).status_code == 303
