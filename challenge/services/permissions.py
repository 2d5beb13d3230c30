"""Who may do what: the rules every write checks on the server."""

from __future__ import annotations

from ..models import Challenge, Comment, Solution, User


def can_manage_for(user: User, administration_id: int | None) -> bool:
    """Admins, and the staff of that administration, manage its challenges."""
    if not user.is_authenticated or user.is_suspended:
        return False
    return user.is_admin or user.is_staff_of(administration_id)


def can_manage(user: User, challenge: Challenge) -> bool:
    """Edit the challenge and move it through its lifecycle."""
    return can_manage_for(user, challenge.administration_id)


def can_create_challenges(user: User) -> bool:
    """Staff of an administration, and admins."""
    if not user.is_authenticated or user.is_suspended:
        return False
    return user.is_admin or (user.role == "staff" and user.administration_id is not None)


def can_view_challenge(user: User, challenge: Challenge) -> bool:
    """Drafts are visible only to those who manage them."""
    return challenge.status != "draft" or can_manage(user, challenge)


def can_contribute(user: User) -> bool:
    """Signed in and not suspended: may propose, comment, vote, follow."""
    return user.is_authenticated and not user.is_suspended


def is_author(user: User, item: Solution | Comment) -> bool:
    return user.is_authenticated and item.author_id == user.id


def can_moderate(user: User) -> bool:
    """Moderators hide and restore content while their own account is in good standing."""
    return user.is_authenticated and user.is_moderator and not user.is_suspended


def can_flag(user: User, item: Solution | Comment) -> bool:
    """Signed-in readers report published content written by someone else."""
    return can_contribute(user) and item.is_published and item.author_id != user.id


def can_delete_comment(user: User, comment: Comment, challenge: Challenge) -> bool:
    """The author removes a published comment until the challenge closes."""
    return is_author(user, comment) and can_contribute(user) and comment.is_published and challenge.status != "closed"
