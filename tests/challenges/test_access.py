"""Changing who sees a challenge: counters move exactly, narrowing asks first and tells who loses sight."""

from __future__ import annotations

import pytest
from flask import Response, g
from sqlalchemy import func, select

from challenge.cache.entries import serve_shared_page, set_cache_headers
from challenge.challenges import access
from challenge.comments import service as comment_service
from challenge.core.extensions import db
from challenge.core.recount import recount
from challenge.messages.service import recipients
from challenge.models import Administration, AuditEntry, Challenge, Follow, Notification, SolutionFollow, User
from challenge.notifications.service import notify_followers
from challenge.votes.service import vote_on_comment, vote_on_solution
from tests.challenges.test_views import form_data
from tests.conftest import empty_tables
from tests.factories import (
    login,
    make_administration,
    make_challenge,
    make_comment,
    make_participant,
    make_solution,
    make_user,
)

TRANSITIONS = [
    (before, after)
    for before in ("public", "invited", "internal")
    for after in ("public", "invited", "internal")
    if before != after
]


def _voted_challenge(visibility: str) -> Challenge:
    """An open challenge with a solution and a comment, each voted up twice by participants."""
    challenge = make_challenge(visibility=visibility)
    solution = make_solution(challenge, make_participant(challenge))
    comment = make_comment(solution, make_participant(challenge))
    for _ in range(2):
        voter = make_participant(challenge)
        vote_on_solution(voter, solution, 1)
        vote_on_comment(voter, comment, 1)
    return challenge


def _public_weight(challenge: Challenge) -> tuple:
    administration = db.session.get(Administration, challenge.administration_id)
    balances = db.session.scalar(select(func.sum(User.vote_balance)))
    return administration.solution_count, administration.comment_count, balances


@pytest.mark.parametrize(("before", "after"), TRANSITIONS)
def test_a_change_of_visibility_moves_the_public_counters_exactly(app, before, after):
    with app.app_context():
        challenge = _voted_challenge(before)
        assert recount() == []
        staff = make_user(role="staff", administration_id=challenge.administration_id)
        access.set_visibility(staff, challenge, after)
        db.session.commit()
        counted = (1, 1, 4) if after == "public" else (0, 0, 0)
        assert _public_weight(challenge) == counted
        assert (challenge.solution_count, challenge.comment_count) == (1, 1)  # its own page's numbers stay
        assert recount() == []


def test_votes_on_a_private_challenge_stay_out_of_the_voters_balances_and_recount_agrees(app):
    with app.app_context():
        challenge = _voted_challenge("invited")
        assert _public_weight(challenge) == (0, 0, 0)
        assert recount() == []


def _editor(app, client, challenge_id: int):
    """Sign the client in as the challenge's staff; a function that posts its edit form with a visibility."""
    with app.app_context():
        challenge = db.session.get(Challenge, challenge_id)
        login(client, make_user(role="staff", administration_id=challenge.administration_id))
        slug, deadline = challenge.slug, challenge.deadline.isoformat()

    def edit(visibility: str, **extra):
        data = form_data(visibility=visibility, deadline=deadline, **extra)
        return client.post(f"/challenges/{slug}/edit", data=data)

    return edit


def test_narrowing_an_open_challenge_asks_first_and_changes_nothing_until_confirmed(app, client):
    with app.app_context():
        challenge = make_challenge()
        follower = make_user()
        db.session.add(Follow(user_id=follower.id, challenge_id=challenge.id))
        db.session.commit()
        challenge_id = challenge.id
    response = _editor(app, client, challenge_id)("invited")
    assert response.status_code == 200
    assert 'name="confirm" value="y"' in response.get_data(as_text=True)
    assert 'name="visibility" value="invited"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Challenge, challenge_id).visibility == "public"
        assert db.session.scalar(select(func.count()).select_from(Follow)) == 1


def test_confirmed_narrowing_tells_who_loses_sight_and_keeps_who_does_not(app, client):
    with app.app_context():
        challenge = _voted_challenge("public")
        follower, participant = make_user(), make_participant(challenge)
        for person in (follower, participant):
            db.session.add(Follow(user_id=person.id, challenge_id=challenge.id))
        author = make_solution(challenge, make_user()).author
        db.session.add(SolutionFollow(user_id=follower.id, solution_id=make_solution(challenge, participant).id))
        db.session.commit()
        follower_id, participant_id, author_id, challenge_id = follower.id, participant.id, author.id, challenge.id
    response = _editor(app, client, challenge_id)("invited", confirm="y")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Challenge, challenge_id).visibility == "invited"
        told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "access")))
        assert told == {follower_id, author_id}
        assert set(db.session.scalars(select(Follow.user_id))) == {participant_id}
        assert db.session.scalar(select(func.count()).select_from(SolutionFollow)) == 0
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "challenge_visibility"))
        assert entry.target_id == challenge_id and entry.changes == {"visibility": ["public", "invited"]}
        assert recount() == []


@pytest.mark.parametrize(
    ("status", "before", "after"), [("draft", "public", "internal"), ("open", "internal", "public")]
)
def test_a_draft_changes_freely_and_widening_needs_no_confirmation(app, client, status, before, after):
    with app.app_context():
        challenge_id = make_challenge(status=status, visibility=before).id
    assert _editor(app, client, challenge_id)(after).status_code == 303
    with app.app_context():
        assert db.session.get(Challenge, challenge_id).visibility == after


def test_an_unknown_visibility_is_refused_next_to_the_field(app, client):
    with app.app_context():
        challenge_id = make_challenge().id
    response = _editor(app, client, challenge_id)("secret", confirm="y")
    assert response.status_code == 422
    assert 'id="visibility-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Challenge, challenge_id).visibility == "public"


def test_a_new_challenge_may_be_created_internal(app, client):
    with app.app_context():
        login(client, make_user(role="staff", administration=make_administration()))
    assert client.post("/challenges/new", data=form_data(visibility="internal")).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Challenge.visibility)) == "internal"


def test_the_page_cache_never_keeps_a_page_marked_for_its_readers_only(app_factory):
    """The one condition at the page cache's decision point: a private challenge's page is never shared."""
    app = app_factory(CACHE_BACKEND="memory")
    with app.app_context():
        empty_tables()
        slug = make_challenge().slug
    for readers_only, shared in ((True, False), (False, True)):
        with app.test_request_context(f"/challenges/{slug}"):
            app.preprocess_request()
            assert serve_shared_page() is None  # nothing kept yet
            if readers_only:
                g.readers_only = True
            response = set_cache_headers(Response("<p>pagina</p>", mimetype="text/html"))
            assert response.headers.get("Cache-Control", "").startswith("public") == shared


def test_after_narrowing_no_message_or_notice_reaches_who_lost_sight(app):
    with app.app_context():
        challenge = make_challenge()
        outsider, participant = make_user(), make_participant(challenge)
        solution = make_solution(challenge, outsider)  # its author, who will lose sight
        vote_on_solution(participant, solution, 1)
        db.session.add(Follow(user_id=outsider.id, challenge_id=challenge.id))
        staff = make_user(role="staff", administration_id=challenge.administration_id)
        assert set(db.session.scalars(recipients(challenge, staff))) == {outsider.id, participant.id}
        access.set_visibility(staff, challenge, "invited")
        db.session.commit()
        assert set(db.session.scalars(recipients(challenge, staff))) == {participant.id}
        comment_service.add_comment(participant, solution, "Un commento dopo la restrizione.")
        notify_followers(challenge.id, participant.id, "Nuova proposta", solution.id)
        kinds = set(db.session.scalars(select(Notification.kind).where(Notification.user_id == outsider.id)))
        assert kinds == {"access"}
