"""Comments and one level of replies under solutions."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..markup import render_markdown
from ..models import Comment, Solution, User, utcnow
from . import counters, notifications
from .common import PermissionDenied, ServiceError
from .permissions import can_contribute, is_author

# The same text by the same account on the same solution within this time is a repeat (a double submit).
REPEAT_WINDOW = timedelta(minutes=1)


class CommentError(ServiceError):
    """A comment operation was refused."""


def add_comment(user: User, solution: Solution, body: str, parent_id: int | None = None) -> Comment:
    """Comment on a solution, or reply to a comment; a reply to a reply joins its thread."""
    if not can_contribute(user):
        raise PermissionDenied(_("Il tuo account è sospeso: non puoi commentare."))
    if solution.status != "published" or not solution.challenge.accepts_discussion:
        raise CommentError(_("Non è più possibile commentare questa soluzione."))
    if not body.strip():
        raise CommentError(_("Il commento non può essere vuoto."), field="body")
    _refuse_repeat(user, solution, body)
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
        link = url_for("solutions.detail", solution_id=solution.id, _anchor=f"comment-{comment.id}")
        notifications.notify(solution.author, "comment", solution.title, link)
    db.session.commit()
    return comment


def _refuse_repeat(user: User, solution: Solution, body: str) -> None:
    # Lock the author's row first, so that parallel submits of one text queue up here and each
    # later one sees the comment the first committed (PostgreSQL, READ COMMITTED). NO KEY UPDATE
    # leaves the foreign-key checks of other rows pointing at the account unblocked.
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update(key_share=True))
    since = utcnow() - REPEAT_WINDOW
    twin = select(Comment.id).where(
        Comment.author_id == user.id, Comment.solution_id == solution.id, Comment.body == body, Comment.created_at > since
    )
    if db.session.scalar(twin.limit(1)) is not None:
        raise CommentError(_("Hai appena pubblicato questo stesso commento."), field="body")


def delete_comment(user: User, comment: Comment) -> Comment:
    """The author removes the text; the comment stays as a placeholder so replies keep their place."""
    if not is_author(user, comment):
        raise PermissionDenied(_("Solo l'autore può eliminare questo commento."))
    if not can_contribute(user):
        raise PermissionDenied(_("Il tuo account è sospeso."))
    if comment.status != "published":
        raise CommentError(_("Questo commento è già stato eliminato o nascosto."))
    if comment.solution.challenge.status == "closed":
        raise CommentError(_("La sfida è chiusa: i commenti non si possono più modificare."))
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
