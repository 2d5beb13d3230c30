"""A person's invitations to challenges in their export, and gone with their account."""

from __future__ import annotations

from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import Invitation, Participant, User
from tests.factories import PASSWORD, login, make_user
from tests.participants.helpers import invite, link_for, staff_client


def test_the_export_lists_the_invitations_to_the_address_and_those_accepted(app):
    client, slug = staff_client(app)
    invite(client, slug, "anna@example.it")
    with app.app_context():
        anna = make_user(email="anna@example.it")
        anna_client = app.test_client()
        login(anna_client, anna)
    participations = anna_client.get("/account/export").get_json()["challenge_participations"]
    assert [(p["challenge"], p["email"], p["accepted_at"]) for p in participations] == [(slug, "anna@example.it", None)]
    invited = client.get("/account/export").get_json()["participants_invited"]
    assert [p["email"] for p in invited] == ["anna@example.it"]


def test_erasure_deletes_the_persons_participations_and_their_pending_invitations(app):
    staff, slug = staff_client(app)
    invite(staff, slug, "anna@example.it")
    person = app.test_client()
    assert (
        person.post(
            link_for(app, "anna@example.it"),
            data={"name": "Anna", "password": PASSWORD, "confirm": PASSWORD, "accept_terms": "y"},
        ).status_code
        == 303
    )
    other_staff, other_slug = staff_client(app)
    invite(other_staff, other_slug, "anna@example.it", "bruno@example.it")  # a second one, not yet accepted
    assert person.post("/account/delete", data={"password": PASSWORD, "confirm": "y"}).status_code == 303
    with app.app_context():
        assert db.session.scalars(select(Participant.email)).all() == ["bruno@example.it"]
        assert db.session.scalars(select(Invitation.email)).all() == ["bruno@example.it"]
        assert db.session.scalar(select(User).where(User.email == "anna@example.it")) is None
