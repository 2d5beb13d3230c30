"""Shared steps of the co-authorship tests: an invitation's token, an accepted co-author."""

from __future__ import annotations

from challenge.coauthors import service
from challenge.models import Solution, User
from challenge.web.urls import public_url_for


def link_for(token: str) -> str:
    return public_url_for("coauthors.answer", token=token)


def invite(app, solution: Solution, inviter: User, email: str) -> str:
    """The token of a new invitation (made inside a request, as the page does)."""
    with app.test_request_context():
        invitation = service.invite_coauthor(inviter, solution, email, link_for)
        return service.token_of(invitation)


def add_coauthor(app, solution: Solution, user: User) -> None:
    """Invite the account's address and accept, as the person would."""
    invite(app, solution, solution.author, user.email)
    from sqlalchemy import select

    from challenge.core.extensions import db
    from challenge.models import CoauthorInvitation

    invitation = db.session.scalar(
        select(CoauthorInvitation).where(CoauthorInvitation.email == user.email).order_by(CoauthorInvitation.id.desc())
    )
    service.accept_invitation(invitation, user)
