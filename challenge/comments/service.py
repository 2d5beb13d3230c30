"""Comments and one level of replies under solutions."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Select, delete, func, select, tuple_
from sqlalchemy.orm import joinedload

from ..core import counters
from ..core.errors import ServiceError
from ..core.extensions import db
from ..core.permissions import (
    can_delete_comment,
    can_discuss,
    can_edit_comment,
    can_flag,
    can_moderate,
    is_author,
    open_for_discussion,
    refusal_to_delete_comment,
    refusal_to_edit_comment,
    refusal_to_write,
    refuse_unless_allowed,
)
from ..models import HELD_BACK, Comment, CommentRevision, Solution, User, utcnow
from ..moderation.antispam import refuse_repeat
from ..moderation.decisions import held_for_review
from ..moderation.pending_edits import clear_edit, hold_edit, publish_comment_text
from ..notifications import service as notifications
from ..text.markup import render_markdown


class CommentError(ServiceError):
    """A comment operation was refused."""


def add_comment(user: User, solution: Solution, body: str, parent_id: int | None = None) -> Comment:
    """Comment on a solution, or reply to a comment; a reply to a reply joins its thread."""
    refuse_unless_allowed(refusal_to_write(user))
    if not open_for_discussion(solution):
        raise CommentError(_("Non è più possibile commentare questa soluzione."))
    if not body.strip():
        raise CommentError(_("Il commento non può essere vuoto."), field="body")
    refuse_repeat(user, body)
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
    if held_for_review(user, solution.challenge, "comment"):
        comment.status = "pending"  # counted, and its solution's author told, once approved
    db.session.add(comment)
    db.session.flush()
    if comment.status == "published":
        counters.comment_visibility_changed(comment, visible=True)
        notifications.notify_new_comment(solution, comment.id, user.id)
    db.session.commit()
    return comment


def edit_comment(user: User, comment: Comment, body: str) -> Comment:
    """The author changes the text soon after posting it; the replaced text is kept as a revision.
    Where the author's comments wait for a moderator, the edit waits instead (moderation.pending_edits)."""
    refuse_unless_allowed(refusal_to_edit_comment(user, comment))
    if not body.strip():
        raise CommentError(_("Il commento non può essere vuoto."), field="body")
    if waits_for_review(user, comment.solution):
        hold_edit(comment, body)
    elif body != comment.body:
        publish_comment_text(comment, body)
        clear_edit(comment)
    db.session.commit()
    return comment


def revisions_of(comment_ids: list[int]) -> dict[int, list[CommentRevision]]:
    """Earlier texts of these comments, newest first, in one query."""
    found: dict[int, list[CommentRevision]] = {}
    if comment_ids:
        for revision in db.session.scalars(
            select(CommentRevision)
            .where(CommentRevision.comment_id.in_(comment_ids))
            .order_by(CommentRevision.created_at.desc(), CommentRevision.id.desc())
        ):
            found.setdefault(revision.comment_id, []).append(revision)
    return found


def delete_comment(user: User, comment: Comment) -> Comment:
    """The author removes the text, with its earlier versions and any edit waiting for a moderator;
    the comment stays as a placeholder so replies keep their place."""
    refuse_unless_allowed(refusal_to_delete_comment(user, comment))
    db.session.execute(delete(CommentRevision).where(CommentRevision.comment_id == comment.id))
    clear_edit(comment)
    comment.status = "deleted"
    comment.body = ""
    comment.body_html = ""
    comment.updated_at = utcnow()
    counters.comment_visibility_changed(comment, visible=False)
    db.session.commit()
    return comment


# Each ordering of top-level comments is an index scan (see the indexes on Comment).
COMMENT_SORTS = {
    "oldest": (Comment.created_at, Comment.id),
    "newest": (Comment.created_at.desc(), Comment.id.desc()),
    # Net votes, then more +1 votes, then the earlier comment: ties never shuffle between pages.
    "best": (Comment.score.desc(), Comment.votes_up.desc(), Comment.created_at, Comment.id),
}
REPLY_ORDER = (Comment.created_at, Comment.id)
# Pending and rejected comments are no part of the thread every reader shares: their author finds them
# under the thread, with the decision (held_back_comments); a hidden one keeps its place as a notice.
IN_THREAD = Comment.status.not_in(("pending", "rejected"))


@dataclass(frozen=True)
class CommentPage:
    """One bounded page of a solution's discussion."""

    comments: list[Comment]  # top-level comments, in the page's order, authors loaded
    replies: dict[int, list[Comment]]  # the replies shown under each of them, oldest first
    reply_counts: dict[int, int]  # how many replies each of them has in all
    page: int
    has_next: bool


def _page_of(statement: Select, page: int, size: int) -> tuple[list[Comment], bool]:
    """One page of rows; the extra row fetched says whether another page follows, without a COUNT."""
    rows = db.session.scalars(
        statement.options(joinedload(Comment.author)).offset((page - 1) * size).limit(size + 1)
    ).all()
    return list(rows[:size]), len(rows) > size


def _first_replies(parent_ids: list[int], limit: int) -> tuple[dict[int, list[Comment]], dict[int, int]]:
    """The first `limit` replies of each parent and each parent's number of replies, in one statement."""
    if not parent_ids:
        return {}, {}
    numbered = (
        select(
            Comment.id,
            func.row_number().over(partition_by=Comment.parent_id, order_by=REPLY_ORDER).label("position"),
            func.count().over(partition_by=Comment.parent_id).label("total"),
        )
        .where(Comment.parent_id.in_(parent_ids), IN_THREAD)
        .subquery()
    )
    rows = db.session.execute(
        select(Comment, numbered.c.total)
        .join(numbered, numbered.c.id == Comment.id)
        .options(joinedload(Comment.author))
        .where(numbered.c.position <= limit)
        .order_by(*REPLY_ORDER)
    ).all()
    replies: dict[int, list[Comment]] = {}
    counts: dict[int, int] = {}
    for reply, total in rows:
        replies.setdefault(reply.parent_id, []).append(reply)
        counts[reply.parent_id] = total
    return replies, counts


def discussion_page(solution: Solution, sort: str, page: int, size: int, replies_shown: int) -> CommentPage:
    """`size` top-level comments in the chosen order, each with its first `replies_shown` replies."""
    comments, has_next = _page_of(
        select(Comment)
        .where(Comment.solution_id == solution.id, Comment.parent_id.is_(None), IN_THREAD)
        .order_by(*COMMENT_SORTS[sort]),
        page,
        size,
    )
    replies, counts = _first_replies([comment.id for comment in comments], replies_shown)
    return CommentPage(comments, replies, counts, page, has_next)


def thread_page(solution: Solution, comment_id: int, page: int, size: int) -> CommentPage | None:
    """One top-level comment with one page of its replies; None if it is not a top-level comment here."""
    comment = db.session.get(Comment, comment_id, options=[joinedload(Comment.author)])
    if comment is None or comment.solution_id != solution.id or comment.parent_id is not None:
        return None
    if comment.status in ("pending", "rejected"):
        return None
    replies, has_next = _page_of(
        select(Comment).where(Comment.parent_id == comment.id, IN_THREAD).order_by(*REPLY_ORDER), page, size
    )
    return CommentPage([comment], {comment.id: replies}, {}, page, has_next)


def thread_page_number(reply: Comment, size: int) -> int:
    """The page of its thread (see thread_page) on which a reply appears."""
    before = db.session.execute(
        select(func.count())
        .select_from(Comment)
        .where(
            Comment.parent_id == reply.parent_id,
            IN_THREAD,
            tuple_(Comment.created_at, Comment.id) < tuple_(reply.created_at, reply.id),
        )
    ).scalar_one()
    return before // size + 1


def held_back_comments(user: User, solution: Solution) -> list[Comment]:
    """The reader's own comments on the solution that others do not see: pending, rejected or hidden."""
    if not user.is_authenticated:
        return []
    return list(
        db.session.scalars(
            select(Comment)
            .where(Comment.solution_id == solution.id, Comment.author_id == user.id, Comment.status.in_(HELD_BACK))
            .order_by(Comment.created_at, Comment.id)
        )
    )


def waits_for_review(user: User, solution: Solution) -> bool:
    """Whether a comment `user` posts now on `solution` waits for a moderator (the forms say so beforehand)."""
    return user.is_authenticated and held_for_review(user, solution.challenge, "comment")


@dataclass(frozen=True)
class ReaderControls:
    """What one reader may do with the comments of a page: the only per-reader part of a thread."""

    can_take_part: bool  # comment, reply and vote on this solution
    votable: frozenset[int]
    repliable: frozenset[int]
    editable: frozenset[int]
    deletable: frozenset[int]
    flaggable: frozenset[int]
    moderation: dict[int, str]  # comment id -> the moderator's verb, "hide" or "restore"
    revisions: dict[int, list[CommentRevision]]  # for moderators: earlier texts of edited comments


MODERATION_VERBS = {"published": "hide", "hidden": "restore"}


def reader_controls(user: User, solution: Solution, comments: list[Comment]) -> ReaderControls:
    """The reader's permissions for these comments (their votes on them are reader marks, web/marks.py),
    and for a moderator one statement: the earlier texts of edited comments."""
    take_part = can_discuss(user, solution)
    moderator = can_moderate(user)
    published = [comment for comment in comments if comment.is_published]
    return ReaderControls(
        can_take_part=take_part,
        votable=frozenset(comment.id for comment in published if take_part and not is_author(user, comment)),
        repliable=frozenset(comment.id for comment in published if take_part and comment.parent_id is None),
        editable=frozenset(comment.id for comment in published if can_edit_comment(user, comment)),
        deletable=frozenset(comment.id for comment in comments if can_delete_comment(user, comment)),
        flaggable=frozenset(comment.id for comment in comments if can_flag(user, comment)),
        moderation={
            comment.id: MODERATION_VERBS[comment.status]
            for comment in comments
            if moderator and comment.status in MODERATION_VERBS
        },
        revisions=revisions_of([comment.id for comment in comments if comment.edited_at]) if moderator else {},
    )
