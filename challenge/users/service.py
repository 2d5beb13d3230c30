"""Public profiles: what anyone may see of an account that has not hidden itself."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..core.extensions import db
from ..leaderboards.service import visible_solutions
from ..models import Challenge, Comment, Solution, User

PROFILE_ITEMS = 20  # newest solutions and comments shown on a profile


@dataclass(frozen=True)
class PublicProfile:
    user: User
    solutions: list[Solution]
    comments: list[Comment]


def public_profile(user_id: int) -> PublicProfile | None:
    """The profile of a live account that shows it, with its newest visible contributions; None otherwise."""
    user = db.session.get(User, user_id)
    if user is None or not user.has_public_profile:
        return None
    solutions = db.session.scalars(
        visible_solutions(None)
        .where(Solution.authored_by(user.id))
        .order_by(Solution.created_at.desc(), Solution.id.desc())
        .limit(PROFILE_ITEMS)
    )
    comments = db.session.scalars(
        select(Comment)
        .join(Solution, Solution.id == Comment.solution_id)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        # Visible comment: published, on a visible solution (published, on a public challenge).
        .where(Comment.author_id == user.id, Comment.is_visible)
        .options(joinedload(Comment.solution))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(PROFILE_ITEMS)
    )
    return PublicProfile(user, list(solutions), list(comments))
