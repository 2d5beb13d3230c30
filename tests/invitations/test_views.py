"""Invitation links: create the invited account or upgrade it, once, within 7 days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from challenge.account.invitations import InvitationError, accept_invitation, create_invitation, find_invitation
from challenge.core import audit
from challenge.core.extensions import db
from challenge.core.legal import versions_in_force
from challenge.core.permissions import can_contribute
from challenge.models import AuditEntry, Invitation, User, utcnow
from challenge.web.urls import public_url_for
from tests.factories import PASSWORD, login, make_administration, make_user


def invite(app, email="nuova@comune.fe.it", role="staff") -> tuple[str, int]:
    """(token, administration id) of a fresh invitation made from the command line."""
    with app.test_request_context():
        administration = make_administration(name="Comune di Ferrara")
        sent = create_invitation(
            audit.CLI_ACTOR,
            email,
            role,
            administration,
            lambda token: public_url_for("invitations.accept", token=token),
        )
        return sent.token, administration.id


def test_new_person_creates_the_account_and_becomes_staff(app, client):
    token, administration_id = invite(app)
    page = client.get(f"/invitations/{token}").get_data(as_text=True)
    assert "nuova@comune.fe.it" in page and "come personale del Comune di Ferrara." in page
    response = client.post(
        f"/invitations/{token}",
        data={"name": "Nora Nuova", "password": PASSWORD, "confirm": PASSWORD, "accept_terms": "y"},
    )
    assert response.status_code == 303
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "nuova@comune.fe.it"))
        assert (user.name, user.role, user.administration_id) == ("Nora Nuova", "staff", administration_id)
        invitation = db.session.scalar(select(Invitation))
        assert invitation.accepted_by_id == user.id
        actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        assert actions == ["invitation_create", "role_change", "invitation_accept"]
    assert "Nora Nuova" in client.get("/").get_data(as_text=True)  # signed in


def test_the_password_rules_apply_and_nothing_is_created(app, client):
    token, _ = invite(app)
    response = client.post(
        f"/invitations/{token}",
        data={"name": "Nora", "password": "password123", "confirm": "password123", "accept_terms": "y"},
    )
    assert response.status_code == 422
    assert 'id="password-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
        assert db.session.scalar(select(Invitation.accepted_at)) is None


def test_an_existing_account_is_asked_to_sign_in_then_upgraded(app, client):
    token, administration_id = invite(app)
    with app.app_context():
        user_id = make_user(email="nuova@comune.fe.it").id
    page = client.get(f"/invitations/{token}").get_data(as_text=True)
    assert "accedi e riapri questo link" in page
    with app.app_context():
        login(client, db.session.get(User, user_id))
    assert "Accetta l'invito" in client.get(f"/invitations/{token}").get_data(as_text=True)
    assert client.post(f"/invitations/{token}").status_code == 303
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.role, user.administration_id) == ("staff", administration_id)


def test_someone_signed_in_with_another_email_cannot_accept(app, client):
    token, _ = invite(app)
    with app.app_context():
        other = make_user(email="altra@example.it")
        login(client, other)
        other_id = other.id
    response = client.post(f"/invitations/{token}")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(User, other_id).role == "citizen"
        assert db.session.scalar(select(Invitation.accepted_at)) is None


def test_a_used_link_shows_a_clear_page(app, client):
    token, _ = invite(app, role="moderator")
    client.post(
        f"/invitations/{token}", data={"name": "Nora", "password": PASSWORD, "confirm": PASSWORD, "accept_terms": "y"}
    )
    again = app.test_client().get(f"/invitations/{token}")
    assert again.status_code == 410
    assert "già stato usato" in again.get_data(as_text=True)


def test_an_expired_link_shows_a_clear_page_and_creates_nothing(app, client):
    token, _ = invite(app)
    with app.app_context():
        db.session.scalar(select(Invitation)).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = client.post(f"/invitations/{token}", data={"name": "Nora", "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 410
    assert "è scaduto" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_the_link_is_valid_for_seven_days(app):
    invite(app)
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert timedelta(days=6, hours=23) < invitation.expires_at - invitation.created_at <= timedelta(days=7)


def test_an_unknown_token_is_404(client):
    assert client.get("/invitations/nessun-token").status_code == 404


def test_only_the_hash_of_the_token_is_stored(app):
    token, _ = invite(app)
    with app.app_context():
        assert db.session.scalar(select(Invitation.token_hash)) != token


def test_an_admin_who_accepts_stays_admin(app, client):
    token, _ = invite(app, email="ada@example.it")
    with app.app_context():
        user_id = make_user(email="ada@example.it", role="citizen").id
        make_user(role="admin")
        db.session.get(User, user_id).role = "admin"  # became admin after the invitation was sent
        db.session.commit()
        login(client, db.session.get(User, user_id))
    assert client.post(f"/invitations/{token}").status_code == 303
    with app.app_context():
        assert db.session.get(User, user_id).role == "admin"
        assert db.session.scalar(select(Invitation.accepted_by_id)) == user_id


def test_an_admin_address_cannot_be_invited(app):
    with app.test_request_context():
        make_user(email="ada@example.it", role="admin")
        with pytest.raises(InvitationError):
            create_invitation(
                audit.CLI_ACTOR, "ADA@example.it", "moderator", None, lambda token: f"/invitations/{token}"
            )


def test_an_account_made_by_invitation_is_verified_and_has_accepted_the_terms(app, client):
    token, _ = invite(app)
    form = {"name": "Nora Nuova", "password": PASSWORD, "confirm": PASSWORD}
    refused = client.post(f"/invitations/{token}", data=form)
    assert refused.status_code == 422
    assert 'id="accept_terms-error"' in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
    assert client.post(f"/invitations/{token}", data=form | {"accept_terms": "y"}).status_code == 303
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.is_verified, "the link reached the address"
        assert (user.terms_version, user.privacy_version) == versions_in_force()
        assert can_contribute(user)


def test_accepting_while_signed_in_verifies_the_address(app, client):
    token, _ = invite(app, role="moderator")
    with app.app_context():
        user = make_user(email="nuova@comune.fe.it", email_verified_at=None)
        login(client, user)
        user_id = user.id
    assert client.post(f"/invitations/{token}").status_code == 303
    with app.app_context():
        assert db.session.get(User, user_id).is_verified


def test_the_service_refuses_an_account_with_another_address(app):
    token, _ = invite(app)
    with app.test_request_context():
        other = make_user(email="altra@example.it", role="citizen")
        with pytest.raises(InvitationError):
            accept_invitation(find_invitation(token), other)
        db.session.rollback()
        assert db.session.get(User, other.id).role == "citizen"
        assert db.session.scalar(select(Invitation.accepted_at)) is None
