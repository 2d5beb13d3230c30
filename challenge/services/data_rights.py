"""Each person's data: a complete export, and erasure that keeps counts and rankings intact."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select
from werkzeug.security import check_password_hash

from ..caching import public_data_changed
from ..extensions import db
from ..models import (
    AuthSession,
    Challenge,
    Comment,
    CommentVote,
    EmailPreference,
    Flag,
    Follow,
    Notification,
    Solution,
    SolutionVote,
    User,
    utcnow,
)
from .common import ServiceError


class DataRightsError(ServiceError):
    """The request about one's own data was refused."""


def _iso(value) -> str | None:
    return value.isoformat() + "Z" if value else None


def export(user: User) -> dict[str, Any]:
    """Everything the platform holds about the person, as JSON-ready data."""
    def rows(statement):
        return db.session.execute(statement).all()

    return {
        "profile": {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "administration": user.administration.slug if user.administration else None,
            "created_at": _iso(user.created_at),
            "suspended_until": _iso(user.suspended_until),
            "suspension_reason": user.suspension_reason,
            "email_verified_at": _iso(user.email_verified_at),
            "pending_email": user.pending_email,
            "kind": user.kind,
            "organisation_name": user.organisation_name,
            "language": user.language,
            "profile_public": user.profile_public,
            "terms": {"version": user.terms_version, "accepted_at": _iso(user.terms_accepted_at)},
            "privacy": {"version": user.privacy_version, "accepted_at": _iso(user.privacy_accepted_at)},
        },
        "solutions": [
            {"id": s.id, "challenge": slug, "title": s.title, "body": s.body, "status": s.status,
             "votes_up": s.votes_up, "votes_down": s.votes_down, "created_at": _iso(s.created_at), "updated_at": _iso(s.updated_at)}
            for s, slug in rows(select(Solution, Challenge.slug).join(Challenge).where(Solution.author_id == user.id).order_by(Solution.id))
        ],
        "comments": [
            {"id": c.id, "solution_id": c.solution_id, "parent_id": c.parent_id, "body": c.body, "status": c.status,
             "created_at": _iso(c.created_at)}
            for (c,) in rows(select(Comment).where(Comment.author_id == user.id).order_by(Comment.id))
        ],
        "votes": {
            "solutions": [{"solution_id": v.solution_id, "value": v.value, "at": _iso(v.updated_at)}
                          for (v,) in rows(select(SolutionVote).where(SolutionVote.user_id == user.id))],
            "comments": [{"comment_id": v.comment_id, "value": v.value, "at": _iso(v.updated_at)}
                         for (v,) in rows(select(CommentVote).where(CommentVote.user_id == user.id))],
        },
        "follows": [{"challenge": slug, "since": _iso(at)} for slug, at in rows(
            select(Challenge.slug, Follow.created_at).join(Challenge, Challenge.id == Follow.challenge_id).where(Follow.user_id == user.id))],
        "notifications": [{"kind": n.kind, "title": n.title, "link": n.link, "created_at": _iso(n.created_at), "read_at": _iso(n.read_at)}
                          for (n,) in rows(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))],
        "flags": [{"solution_id": f.solution_id, "comment_id": f.comment_id, "reason": f.reason, "detail": f.detail, "created_at": _iso(f.created_at)}
                  for (f,) in rows(select(Flag).where(Flag.reporter_id == user.id).order_by(Flag.id))],
        "email_notifications": sorted(db.session.scalars(select(EmailPreference.kind).where(EmailPreference.user_id == user.id))),
        "sessions": [{"browser": s.user_agent, "created_at": _iso(s.created_at), "last_seen_at": _iso(s.last_seen_at)}
                     for (s,) in rows(select(AuthSession).where(AuthSession.user_id == user.id))],
    }


def delete_account(user: User, password: str) -> None:
    """Erase name, email and password; contributions stay as 'Utente cancellato', votes and counts intact."""
    if not check_password_hash(user.password_hash, password):
        raise DataRightsError(_("La password non è corretta."), field="password")
    for model in (AuthSession, Follow, Notification, EmailPreference):
        db.session.execute(delete(model).where(model.user_id == user.id))
    user.email = None
    user.pending_email = None
    user.organisation_name = None
    user.name = ""
    user.password_hash = "!"  # matches no password
    user.role = "citizen"
    user.administration_id = None
    user.deleted_at = utcnow()
    public_data_changed()
    db.session.commit()
