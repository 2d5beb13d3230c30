"""Who may do what: the rules every write checks on the server."""

from __future__ import annotations

from flask_babel import gettext as _

from ..models import CLI_ACTOR, Administration, Challenge, Comment, Solution, User
from .common import PermissionDenied


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


def can_administer(user: User) -> bool:
    """The admin console: administrations, labs, people, roles, invitations, the audit log."""
    return user.is_authenticated and user.is_admin and not user.is_suspended


def can_moderate(user: User) -> bool:
    """The moderation queue, log and directory of people: moderators and admins."""
    return user.is_authenticated and user.is_moderator and not user.is_suspended


def can_view_dashboard(user: User, administration: Administration) -> bool:
    """An administration's workspace: its staff and admins."""
    return can_manage_for(user, administration.id)


def can_export(user: User, challenge: Challenge) -> bool:
    """One challenge's solutions, votes and responses as a spreadsheet: its staff and admins."""
    return can_manage(user, challenge)


def require_admin(actor: User | str) -> None:
    """Refuse unless the actor is an admin or the command line (CLI_ACTOR)."""
    if actor != CLI_ACTOR and not (isinstance(actor, User) and can_administer(actor)):
        raise PermissionDenied(_("Solo gli amministratori della piattaforma possono farlo."))
