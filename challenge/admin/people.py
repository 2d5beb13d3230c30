"""The directory of accounts that admins and moderators search, and what one account did."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from ..core.extensions import db
from ..models import ROLES, Comment, Flag, ModerationAction, Solution, User, utcnow

PERSON_STATUSES = ("active", "suspended", "deleted")
RECENT = 50


def suspended_now():
    """The rule "a suspension is in force now", as an expression (User.is_suspended for one row)."""
    return User.suspended_at.is_not(None) & (User.suspended_until.is_(None) | (User.suspended_until > utcnow()))


def people_query(q: str = "", role: str | None = None, status: str | None = None) -> Select:
    """Accounts by name, narrowed by name or email, role and status (active, suspended, deleted)."""
    statement = select(User).options(joinedload(User.administration)).order_by(User.name, User.id)
    if q:
        statement = statement.where(or_(User.name.ilike(f"%{q}%"), User.email.ilike(f"%{q}%")))
    if role in ROLES:
        statement = statement.where(User.role == role)
    if status == "deleted":
        statement = statement.where(User.deleted_at.is_not(None))
    elif status == "suspended":
        statement = statement.where(User.deleted_at.is_(None), suspended_now())
    elif status == "active":
        statement = statement.where(User.deleted_at.is_(None), ~suspended_now())
    return statement


@dataclass(frozen=True)
class AccountRecord:
    """What moderators look at before acting on an account."""

    solutions: list[Solution]
    comments: list[Comment]
    flags: list[Flag]  # raised on this account's content, newest first
    history: list[ModerationAction]


def account_record(user: User) -> AccountRecord:
    """The account's latest solutions and comments in every state, the flags on them, and its moderation history."""
    solutions = db.session.scalars(
        select(Solution)
        .options(joinedload(Solution.challenge))
        .where(Solution.authored_by(user.id))
        .order_by(Solution.created_at.desc())
        .limit(RECENT)
    ).all()
    comments = db.session.scalars(
        select(Comment)
        .options(joinedload(Comment.solution))
        .where(Comment.author_id == user.id)
        .order_by(Comment.created_at.desc())
        .limit(RECENT)
    ).all()
    on_own_content = or_(
        Flag.solution_id.in_(select(Solution.id).where(Solution.authored_by(user.id))),
        Flag.comment_id.in_(select(Comment.id).where(Comment.author_id == user.id)),
    )
    flags = db.session.scalars(
        select(Flag)
        .options(joinedload(Flag.reporter))
        .where(on_own_content)
        .order_by(Flag.created_at.desc())
        .limit(RECENT)
    ).all()
    history = db.session.scalars(
        select(ModerationAction)
        .options(joinedload(ModerationAction.actor))
        .where(ModerationAction.target_user_id == user.id)
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
        .limit(RECENT)
    ).all()
    return AccountRecord(list(solutions), list(comments), list(flags), list(history))
