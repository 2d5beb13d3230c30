"""Comments and one level of replies under solutions."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..markup import render_markdown
from ..models import Comment, Solution, User, utcnow
from . import counters, notifications
from .common import PermissionDenied, ServiceError
from .permissions import can_contribute, open_for_discussion, refusal_to_delete_comment, refuse_unless_allowed


class CommentError(ServiceError):
    """A comment operation was refused."""


def add_comment(user: User, solution: Solution, body: str, parent_id: int | None = None) -> Comment:
    """Comment on a solution, or reply to a comment; a reply to a reply joins its thread."""
    if not can_contribute(user):
        raise PermissionDenied(_("Il tuo account è sospeso: non puoi commentare."))
    if not open_for_discussion(solution):
        raise CommentError(_("Non è più possibile commentare questa soluzione."))
    if not body.strip():
        raise CommentError(_("Il commento non può essere vuoto."), field="body")
    thread_id = None
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if parent is None or parent.solution_id != solution.id:
            raise CommentError(_("Il commento a cui rispondi non esiste."), field="parent_id")
        if parent.status != "published":
            raise CommentError(_("Non puoi rispondere a un commento eliminato o nascosto."), field="parent_id")
        thread_id = parent.parent_id or parent.id
    now = utcnow()
    comment = Comment(
        solution_id=solution.id,
        author_id=user.id,
        parent_id=thread_id,
        body=body,
        body_html=render_markdown(body),
        created_at=now,
        updated_at=now,
    )
    db.session.add(comment)
    db.session.flush()
    counters.comment_visibility_changed(comment, visible=True)
    if solution.author_id != user.id:
        notifications.notify(solution.author, "comment", solution.title, solution.id, comment.id)
    db.session.commit()
    return comment


def delete_comment(user: User, comment: Comment) -> Comment:
    """The author removes the text; the comment stays as a placeholder so replies keep their place."""
    refuse_unless_allowed(refusal_to_delete_comment(user, comment))
    comment.status = "deleted"
    comment.body = ""
    comment.body_html = ""
    comment.updated_at = utcnow()
    counters.comment_visibility_changed(comment, visible=False)
    db.session.commit()
    return comment


def thread_of(solution: Solution) -> list[tuple[Comment, list[Comment]]]:
    """Top-level comments in order, each with its replies in order."""
    comments = db.session.scalars(
        select(Comment)
        .options(joinedload(Comment.author))
        .where(Comment.solution_id == solution.id)
        .order_by(Comment.created_at, Comment.id)
    ).all()
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [(comment, replies.get(comment.id, [])) for comment in comments if comment.parent_id is None]
