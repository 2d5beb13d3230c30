"""The authorization matrix on a private challenge (issue 31): every route of an invited or internal
challenge, tried as every kind of account, with the roles "invited participant" and "not invited".

Who sees the challenge is allowed exactly what the public matrix allows them (tests/test_authorization_matrix);
everyone else gets a 404 (a visitor is first sent to sign in where the route asks for an account), and nothing changes.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from challenge.attachments import service as attachments
from challenge.core.extensions import db
from challenge.models import (
    Challenge,
    CoauthorInvitation,
    Follow,
    MeetingRegistration,
    Participant,
    SolutionFollow,
    User,
    utcnow,
)
from tests.attachments.samples import PDF
from tests.coauthors.helpers import add_coauthor, invite
from tests.factories import (
    login,
    make_administration,
    make_challenge,
    make_comment,
    make_meeting,
    make_participant,
    make_solution,
    make_user,
)
from tests.test_authorization_matrix import CONFIRMED_ROUTES, READ_ROUTES, ROUTES, World, snapshot

ROLES = ("visitor", "not_invited", "invited", "other_staff", "owner_staff", "moderator", "admin")
# The public matrix's role whose rights each one has once it sees the challenge.
AS_IN_PUBLIC = {"not_invited": "citizen", "invited": "citizen"}
VISIBILITIES = ("invited", "internal")
PRIVATE_PLACES = (
    "{slug}",
    "{solution_id}",
    "{comment_id}",
    "{pending_id}",
    "{attachment_id}",
    "{challenge_attachment_id}",
    "{meeting_id}",
    "{participant_id}",
    "{survivor_id}",
    "{coauthor_id}",
    "{invitation_id}",
)


def _of_the_challenge(routes: list[tuple]) -> list[tuple]:
    return [route for route in routes if any(place in route[1] for place in PRIVATE_PLACES)]


PAGES = [
    ("challenge page", "/challenges/{slug}", {"citizen", "owner_staff", "other_staff", "moderator", "admin"}),
    ("solution page", "/solutions/{solution_id}", {"citizen", "owner_staff", "other_staff", "moderator", "admin"}),
    ("challenge feed", "/challenges/{slug}/feed.atom", {"citizen", "owner_staff", "other_staff", "moderator", "admin"}),
]
PRIVATE_ROUTES = _of_the_challenge(ROUTES)
NO_INVITATIONS_WHEN_INTERNAL = {"invite participants", "re-send an invitation"}
PRIVATE_READ_ROUTES = [
    route for route in _of_the_challenge(READ_ROUTES) if route[0] != "embed page"
] + PAGES  # the embed page is 404 to everyone: tests/test_visibility.py
PRIVATE_CONFIRMED_ROUTES = _of_the_challenge(CONFIRMED_ROUTES)


def sees(role: str, visibility: str) -> bool:
    return role in {"owner_staff", "admin"} | ({"invited", "moderator"} if visibility == "invited" else set())


def build_private_world(visibility: str) -> tuple[World, dict[str, int]]:
    owner = make_administration()
    challenge = make_challenge(owner, visibility=visibility, slug=f"sfida-riservata-{visibility}")
    author = make_participant(challenge)
    solution = make_solution(challenge, author=author)
    comment = make_comment(solution, author=author)
    staff = make_user(role="staff", administration=owner)
    world = World(challenge.slug, solution.id, comment.id, owner.id, owner.slug, "", 0, author.id)
    world.pending_id = make_solution(challenge, author=author, status="pending").id
    world.attachment_id = attachments.add_attachment(author, solution, attachments.Upload(io.BytesIO(PDF), "a.pdf")).id
    upload = attachments.Upload(io.BytesIO(PDF), "b.pdf")
    world.challenge_attachment_id = attachments.add_attachment(staff, challenge, upload).id
    world.meeting_id = make_meeting(challenge=challenge, seats=5).id
    world.survivor_id = make_solution(challenge, make_participant(challenge), title="Una proposta simile").id
    invited = Participant(
        challenge_id=challenge.id, email="invitata@example.it", invited_at=utcnow() - timedelta(hours=2)
    )
    db.session.add(invited)
    db.session.commit()
    world.participant_id = invited.id
    coauthor = make_participant(challenge)
    with current_app.test_request_context():
        add_coauthor(current_app, solution, coauthor)
        invite(current_app, solution, author, "coautrice.invitata@example.it")
    world.coauthor_id = coauthor.id
    world.invitation_id = db.session.scalar(
        select(CoauthorInvitation.id).where(CoauthorInvitation.solution_id == solution.id)
    )
    accounts = {
        "not_invited": make_user().id,
        "invited": make_participant(challenge).id,
        "other_staff": make_user(role="staff").id,
        "owner_staff": make_user(role="staff", administration=owner).id,
        "moderator": make_user(role="moderator").id,
        "admin": make_user(role="admin").id,
    }
    return world, accounts


_worlds: dict[str, tuple[World, dict[str, int]]] = {}


@pytest.fixture(scope="module", autouse=True)
def private_worlds(module_transaction):
    with module_transaction.app_context():
        for visibility in VISIBILITIES:
            _worlds[visibility] = build_private_world(visibility)


def signed_in(app, visibility: str, role: str) -> tuple[object, World, User | None]:
    world, accounts = _worlds[visibility]
    client = app.test_client()
    account = db.session.get(User, accounts[role]) if role != "visitor" else None
    if account is not None:
        login(client, account)
    return client, replace(world), account


def _prepare(name: str, world: World, account: User) -> None:
    """What the undoing routes undo, as in the public matrix."""
    challenge_id = db.session.scalar(select(Challenge.id).where(Challenge.slug == world.slug))
    rows = {
        "unfollow": Follow(user_id=account.id, challenge_id=challenge_id),
        "unregister from a meeting": MeetingRegistration(user_id=account.id, meeting_id=world.meeting_id),
        "unfollow solution": SolutionFollow(user_id=account.id, solution_id=world.solution_id),
    }
    if name in rows:
        db.session.add(rows[name])
        db.session.commit()


def assert_hidden(response, role: str) -> None:
    """404 to whoever may not see it; a visitor may first be sent to sign in."""
    if role == "visitor" and response.status_code == 302:
        assert "/auth/login" in response.headers["Location"]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "path", "data", "allowed"), PRIVATE_ROUTES, ids=[r[0] for r in PRIVATE_ROUTES])
def test_write_route_of_a_private_challenge(app, visibility, role, name, path, data, allowed):
    with app.app_context():
        client, world, account = signed_in(app, visibility, role)
        if account is not None:
            _prepare(name, world, account)
        before = snapshot()
    response = client.post(path.format(**vars(world)), data=data(world) if callable(data) else data)
    with app.app_context():
        after = snapshot()
    if not sees(role, visibility):
        assert_hidden(response, role)
        assert after == before
    elif visibility == "internal" and name in NO_INVITATIONS_WHEN_INTERNAL:
        assert after == before  # nobody is invited to an internal challenge (the invitations' own tests say how)
    elif AS_IN_PUBLIC.get(role, role) in allowed:
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
        assert after != before
    else:
        assert response.status_code == 403
        assert after == before


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "path", "data", "allowed"), PRIVATE_CONFIRMED_ROUTES, ids=[r[0] for r in PRIVATE_CONFIRMED_ROUTES]
)
def test_first_step_of_a_confirmed_action_on_a_private_challenge(app, visibility, role, name, path, data, allowed):
    with app.app_context():
        client, world, _account = signed_in(app, visibility, role)
        before = snapshot()
    response = client.post(path.format(**vars(world)), data=data(world) if callable(data) else data)
    with app.app_context():
        assert snapshot() == before
    if not sees(role, visibility):
        assert_hidden(response, role)
    elif AS_IN_PUBLIC.get(role, role) in allowed:
        assert response.status_code == 200 and 'name="confirm" value="y"' in response.get_data(as_text=True)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "path", "allowed"), PRIVATE_READ_ROUTES, ids=[r[0] for r in PRIVATE_READ_ROUTES])
def test_read_route_of_a_private_challenge(app, visibility, role, name, path, allowed):
    with app.app_context():
        client, world, _account = signed_in(app, visibility, role)
    response = client.get(path.format(**vars(world)))
    if not sees(role, visibility):
        assert_hidden(response, role)
    elif AS_IN_PUBLIC.get(role, role) in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_a_comments_address_on_a_private_challenge(app, visibility, role):
    with app.app_context():
        client, world, _account = signed_in(app, visibility, role)
    response = client.get(f"/comments/{world.comment_id}")
    if sees(role, visibility):
        assert response.headers["Location"] == f"/solutions/{world.solution_id}#comment-{world.comment_id}"
    else:
        assert response.status_code == 404
