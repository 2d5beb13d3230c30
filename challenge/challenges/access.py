"""Changing who sees a challenge: counters moved, the people who lose sight told, the change logged.

While the challenge is a draft nobody but its staff sees it, so any visibility may be chosen. Once
open, widening (internal → invited → public) is free; narrowing asks the staff to confirm first
(the view), then tells whoever loses sight and drops their follows, so no later notice, digest or
message reaches them about a challenge they may no longer open.
"""

from __future__ import annotations

from sqlalchemy import delete, or_, select

from ..core import audit, counters
from ..core.extensions import db
from ..core.visibility import can_view_challenge
from ..models import Challenge, Follow, Notification, Participant, Solution, SolutionFollow, User
from ..notifications import service as notifications

# From the widest audience to the narrowest.
AUDIENCE_WIDTH = {"public": 0, "invited": 1, "internal": 2}


def narrows(challenge: Challenge, visibility: str) -> bool:
    """Whether choosing `visibility` takes the open challenge away from people who see it now."""
    if challenge.status == "draft" or visibility not in AUDIENCE_WIDTH:
        return False
    return AUDIENCE_WIDTH[visibility] > AUDIENCE_WIDTH[challenge.visibility]


def _people_involved(challenge: Challenge) -> list[User]:
    """Followers of the challenge and of its solutions, authors of its solutions, accepted participants."""
    of_challenge = select(Solution.id).where(Solution.challenge_id == challenge.id)
    ids = (
        select(Follow.user_id)
        .where(Follow.challenge_id == challenge.id)
        .union(
            select(Solution.author_id).where(Solution.challenge_id == challenge.id),
            select(SolutionFollow.user_id).where(SolutionFollow.solution_id.in_(of_challenge)),
            select(Participant.user_id).where(
                Participant.challenge_id == challenge.id, Participant.user_id.is_not(None)
            ),
        )
        .subquery()
    )
    return list(db.session.scalars(select(User).where(User.id.in_(select(ids)), User.deleted_at.is_(None))))


def _let_go(challenge: Challenge, people: list[User]) -> None:
    """Tell each person they no longer see the challenge, and stop their follows of it and its solutions."""
    ids = [person.id for person in people]
    of_challenge = select(Solution.id).where(Solution.challenge_id == challenge.id)
    db.session.execute(delete(Follow).where(Follow.challenge_id == challenge.id, Follow.user_id.in_(ids)))
    db.session.execute(
        delete(SolutionFollow).where(SolutionFollow.solution_id.in_(of_challenge), SolutionFollow.user_id.in_(ids))
    )
    # Their earlier notices about it go too, so no digest still to be sent names what they may no longer open.
    db.session.execute(
        delete(Notification).where(
            Notification.user_id.in_(ids),
            or_(Notification.solution_id.in_(of_challenge), Notification.challenge_id == challenge.id),
        )
    )
    for person in people:
        notifications.notify(person, "access", challenge.title, None, challenge_id=challenge.id)


def set_visibility(actor: User, challenge: Challenge, visibility: str) -> None:
    """Apply a new visibility in the caller's transaction (the caller checked who may, and commits)."""
    before = challenge.visibility
    if visibility == before or visibility not in AUDIENCE_WIDTH:
        return
    was_public = challenge.is_public
    seeing_before = [person for person in _people_involved(challenge) if can_view_challenge(person, challenge)]
    challenge.visibility = visibility
    if challenge.is_public != was_public:
        counters.challenge_visibility_changed(challenge, challenge.is_public)
    _let_go(challenge, [person for person in seeing_before if not can_view_challenge(person, challenge)])
    audit.record(
        actor,
        "challenge_visibility",
        "challenge",
        challenge.id,
        challenge.title,
        changes={"visibility": [before, visibility]},
    )
