"""Who sees a challenge, and so everything that belongs to it: the one rule, in Python and in SQL.

public   → everyone once it is open (a draft: those who manage it, as always);
invited  → its accepted participants, the administration's staff, moderators and admins;
internal → the administration's staff and admins.

`can_view_challenge` answers for one challenge already loaded; `challenges_visible_to` is the
same rule as a WHERE clause for lists. They sit side by side so that a change to one is seen
next to the other; tests/test_visibility.py checks that they agree for every role.
Everyone else gets a 404, never a 403: they may not know the challenge exists.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from ..models import Challenge, Comment, Participant, Solution, User, utcnow
from .extensions import db
from .permissions import can_manage, can_moderate


def accepted_participations(user_id: int):
    """SQL: the ids of the challenges the account takes part in, having accepted its invitation."""
    return select(Participant.challenge_id).where(Participant.user_id == user_id, Participant.accepted_at.is_not(None))


def is_participant(user: User, challenge: Challenge) -> bool:
    """Whether the account accepted an invitation to this challenge."""
    if not user.is_authenticated:
        return False
    mine = accepted_participations(user.id).where(Participant.challenge_id == challenge.id)
    return bool(db.session.scalar(select(mine.exists())))


def can_view_challenge(user: User, challenge: Challenge) -> bool:
    """The rule for one challenge (see the module's docstring)."""
    if challenge.is_public or can_manage(user, challenge):
        return True
    if challenge.status == "draft" or challenge.visibility != "invited":
        return False
    return can_moderate(user) or is_participant(user, challenge)


def challenges_visible_to(user: User) -> ColumnElement[bool]:
    """The same rule as `can_view_challenge`, as a condition on Challenge for lists and counts."""
    public: ColumnElement[bool] = Challenge.is_public  # type: ignore[assignment]  # the hybrid's SQL side
    if not user.is_authenticated:
        return public
    if user.is_suspended:  # a suspended account still reads what everyone reads, and what it was invited to
        managed: ColumnElement[bool] = false()
    elif user.is_admin:
        return true()
    else:
        managed = Challenge.administration_id == user.administration_id if user.role == "staff" else false()
    invited = and_(Challenge.status != "draft", Challenge.visibility == "invited")
    taking_part = invited if can_moderate(user) else and_(invited, Challenge.id.in_(accepted_participations(user.id)))
    return or_(public, managed, taking_part)


def people_who_see(challenge: Challenge) -> ColumnElement[bool]:
    """The same rule from the other side: a condition on User, for the people one challenge's news may reach."""
    if challenge.is_public:
        return true()
    in_force = or_(
        User.suspended_at.is_(None), and_(User.suspended_until.is_not(None), User.suspended_until <= utcnow())
    )
    staff = and_(User.role == "staff", User.administration_id == challenge.administration_id)
    managing = and_(in_force, or_(User.role == "admin", staff))
    if challenge.status == "draft" or challenge.visibility != "invited":
        return managing
    moderating = and_(in_force, User.role == "moderator")
    accepted = select(Participant.user_id).where(
        Participant.challenge_id == challenge.id, Participant.accepted_at.is_not(None)
    )
    return or_(managing, moderating, User.id.in_(accepted))


def seen_by(model, user: User) -> ColumnElement[bool]:
    """A condition on Solution or Comment: it belongs to a challenge `user` sees (the moderators' lists)."""
    challenges = select(Challenge.id).where(challenges_visible_to(user))
    if model is Solution:
        return Solution.challenge_id.in_(challenges)
    return Comment.solution_id.in_(select(Solution.id).where(Solution.challenge_id.in_(challenges)))
