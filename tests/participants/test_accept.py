"""The participant's invitation link: a new account or the signed-in one, once, for 14 days, then the challenge."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import Invitation, User, utcnow
from tests.factories import PASSWORD, login, make_user
from tests.participants.helpers import invite, link_for, participants, staff_client

NEW_ACCOUNT = {"name": "Anna Nuova", "password": PASSWORD, "confirm": PASSWORD, "accept_terms": "y"}


def invited(app, address: str = "anna@example.it") -> tuple[str, str]:
    """(challenge slug, invitation link path) of a fresh invitation to `address`."""
    client, slug = staff_client(app)
    invite(client, slug, address)
    return slug, link_for(app, address)


def test_a_new_person_registers_on_the_invitation_page_and_lands_on_the_challenge(app, client):
    slug, link = invited(app)
    page = client.get(link).get_data(as_text=True)
    assert "è a partecipare alla sfida" in page and 'name="accept_terms"' in page
    response = client.post(link, data=NEW_ACCOUNT)
    assert response.status_code == 303 and response.headers["Location"] == f"/challenges/{slug}"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "anna@example.it"))
        assert user.name == "Anna Nuova" and user.is_verified and user.role == "citizen"
        assert participants(app) == [("anna@example.it", user.id, True)]
    assert client.get(link).status_code == 410  # single use


def test_registration_errors_stay_on_the_page_and_accept_nothing(app, client):
    _slug, link = invited(app)
    response = client.post(link, data=NEW_ACCOUNT | {"accept_terms": ""})
    assert response.status_code == 422 and 'id="accept_terms-error"' in response.get_data(as_text=True)
    assert participants(app) == [("anna@example.it", None, False)]


def test_an_existing_account_signs_in_then_confirms(app, client):
    with app.app_context():
        anna_id = make_user(email="anna@example.it").id
    slug, link = invited(app)
    assert "accedi e riapri questo link" in client.get(link).get_data(as_text=True)
    with app.app_context():
        login(client, db.session.get(User, anna_id))
    assert participants(app) == [("anna@example.it", None, False)]  # opening the link accepts nothing
    response = client.post(link)
    assert response.status_code == 303 and response.headers["Location"] == f"/challenges/{slug}"
    assert participants(app) == [("anna@example.it", anna_id, True)]


def test_another_signed_in_account_is_refused_clearly(app, client):
    _slug, link = invited(app)
    with app.app_context():
        login(client, make_user(email="bruno@example.it"))
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 403
        assert "Hai effettuato l'accesso con un altro indirizzo email" in response.get_data(as_text=True)
    assert participants(app) == [("anna@example.it", None, False)]


def test_the_link_expires_after_14_days(app, client):
    _slug, link = invited(app)
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        invitation.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = client.get(link)
    assert response.status_code == 410 and "i link valgono 14 giorni" in response.get_data(as_text=True)
    assert client.post(link, data=NEW_ACCOUNT).status_code == 410
    assert participants(app) == [("anna@example.it", None, False)]


def test_the_new_account_keeps_the_language_the_invitation_page_was_read_in(app, client):
    _slug, link = invited(app)
    client.post(link, data=NEW_ACCOUNT, headers={"Accept-Language": "en"})
    with app.app_context():
        assert db.session.scalar(select(User.language).where(User.email == "anna@example.it")) == "en"
