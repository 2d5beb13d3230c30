"""Following one solution: its followers hear of its comments, official response and status changes."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete

from ..core.errors import ServiceError, commit_unless_present
from ..core.extensions import db
from ..core.permissions import is_author, refusal_to_write, refuse_unless_allowed
from ..models import Solution, SolutionFollow, User


class FollowError(ServiceError):
    """Following the solution was refused."""


def is_following(user: User, solution: Solution, has_row: bool | None = None) -> bool:
    """Whether the person hears of the solution's news: its authors always do (without a row).

    `has_row`: whether the person's follow row exists, when the caller has already read it."""
    if not user.is_authenticated:
        return False
    if is_author(user, solution):
        return True
    return has_row if has_row is not None else db.session.get(SolutionFollow, (user.id, solution.id)) is not None


def follow(user: User, solution: Solution) -> None:
    """Follow a published solution; following twice, or one's own solution, changes nothing."""
    refuse_unless_allowed(refusal_to_write(user))
    if not solution.is_listed:
        raise FollowError(_("Puoi seguire solo una soluzione pubblicata."))
    if is_following(user, solution):
        return
    commit_unless_present(SolutionFollow(user_id=user.id, solution_id=solution.id))


def unfollow(user: User, solution: Solution) -> None:
    """Stop following, whatever the solution's state now; unfollowing twice changes nothing."""
    refuse_unless_allowed(refusal_to_write(user))
    db.session.execute(
        delete(SolutionFollow).where(SolutionFollow.user_id == user.id, SolutionFollow.solution_id == solution.id)
    )
    db.session.commit()
