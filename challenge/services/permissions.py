"""Who may do what: the rules every write checks on the server."""

from __future__ import annotations

from flask import current_app

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


def write_block(user: User) -> str | None:
    """Why a signed-in account may not write now ("suspended", "unverified", "terms"), or None."""
    config = current_app.config
    if user.is_suspended:
        return "suspended"
    if config["REQUIRE_VERIFIED_EMAIL"] and not user.is_verified:
        return "unverified"
    if (user.terms_version, user.privacy_version) != (config["TERMS_VERSION"], config["PRIVACY_VERSION"]):
        return "terms"
    return None


def can_contribute(user: User) -> bool:
    """Signed in, not suspended, verified, current terms accepted: may propose, comment, vote, flag, follow."""
    return user.is_authenticated and write_block(user) is None


def is_author(user: User, item: Solution | Comment) -> bool:
    return user.is_authenticated and item.author_id == user.id
