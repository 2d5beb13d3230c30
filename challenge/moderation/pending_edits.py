"""Edits of published solutions and comments on pre-moderated challenges: the approved text stays
public while the edit waits for a moderator, who publishes it (the old text becomes a revision) or
rejects it."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..core.extensions import db
from ..core.visibility import seen_by
from ..models import Comment, CommentRevision, Solution, SolutionRevision, User, utcnow
from ..text.markup import render_markdown

# The steps every moderation decision takes, so an edit's decision is logged and told like any other.
from .decisions import ModerationError, log_action, require_moderator, require_statement, tell_author


def hold_edit(item: Solution | Comment, body: str, title: str | None = None) -> None:
    """Keep the author's edit aside for a moderator; a newer edit replaces one still waiting."""
    if isinstance(item, Solution):
        item.pending_title = (title or item.title).strip()
    item.pending_body = body
    item.pending_edit_at = utcnow()


def publish_comment_text(comment: Comment, body: str) -> None:
    """Give the comment its new text; the text it replaces is kept as a revision for the moderators."""
    db.session.add(CommentRevision(comment_id=comment.id, body=comment.body))
    comment.body = body
    comment.body_html = render_markdown(body)
    comment.edited_at = comment.updated_at = utcnow()


def _waiting_edit(item: Solution | Comment) -> Solution | Comment:
    if item.pending_body is None:
        raise ModerationError(_("Non c'è una modifica in attesa di moderazione."))
    return item


def clear_edit(item: Solution | Comment) -> None:
    """Forget the edit waiting for a moderator, if any."""
    if isinstance(item, Solution):
        item.pending_title = None
    item.pending_body = item.pending_edit_at = None


def approve_edit(moderator: User, item: Solution | Comment, reason: str = "", reason_code: str = "") -> None:
    """Publish the waiting edit; the text it replaces is kept as a revision."""
    require_moderator(moderator)
    edited = _waiting_edit(item)
    if isinstance(edited, Comment):
        publish_comment_text(edited, edited.pending_body or "")
    else:
        db.session.add(SolutionRevision(solution_id=edited.id, title=edited.title, body=edited.body))
        edited.title = edited.pending_title or edited.title
        edited.body = edited.pending_body or ""
        edited.body_html = render_markdown(edited.body)
        edited.updated_at = utcnow()
    clear_edit(edited)
    tell_author(edited, log_action(moderator, "approve_edit", reason, edited))
    db.session.commit()


def reject_edit(moderator: User, item: Solution | Comment, reason: str, reason_code: str = "") -> None:
    """Refuse the waiting edit, with a statement of reasons; the approved text stays as it is."""
    require_moderator(moderator)
    edited = _waiting_edit(item)
    reason_code, reason = require_statement(reason_code, reason)
    clear_edit(edited)
    tell_author(edited, log_action(moderator, "reject_edit", reason, edited, reason_code=reason_code))
    db.session.commit()


def pending_edits(viewer: User, limit: int = 50) -> list[Solution]:
    """Published solutions with an edit waiting for a moderator, oldest edit first."""
    return list(
        db.session.scalars(
            select(Solution)
            .options(joinedload(Solution.author), joinedload(Solution.challenge))
            .where(Solution.pending_edit_at.is_not(None), seen_by(Solution, viewer))
            .order_by(Solution.pending_edit_at, Solution.id)
            .limit(limit)
        )
    )


def pending_comment_edits(viewer: User, limit: int = 50) -> list[Comment]:
    """Published comments with an edit waiting for a moderator, oldest edit first."""
    return list(
        db.session.scalars(
            select(Comment)
            .options(joinedload(Comment.author), joinedload(Comment.solution))
            .where(Comment.pending_edit_at.is_not(None), seen_by(Comment, viewer))
            .order_by(Comment.pending_edit_at, Comment.id)
            .limit(limit)
        )
    )
