"""Counters kept in step with the rows, always by atomic SQL in the caller's transaction.

Visible content is a published solution on a public challenge, and a published comment on
a visible solution. Every count and ranking counts visible content only, so whenever an
item becomes visible or invisible, these helpers move its weight in or out.
"""

from __future__ import annotations

from sqlalchemy import Update, func, select, update
from sqlalchemy.sql.elements import ColumnElement

from ..models import Administration, Challenge, Comment, Solution, User
from .extensions import db


def _add(model, row_id: int, **deltas: int) -> None:
    """UPDATE model SET column = column + delta ... WHERE id = row_id."""
    values = {name: getattr(model, name) + delta for name, delta in deltas.items() if delta}
    if values:
        db.session.execute(update(model).where(model.id == row_id).values(**values))


def _challenge_and_administration(challenge_id: int, **deltas: int) -> None:
    _add(Challenge, challenge_id, **deltas)
    administration_id = db.session.execute(
        select(Challenge.administration_id).where(Challenge.id == challenge_id)
    ).scalar_one()
    _add(Administration, administration_id, **deltas)


def credit(author_id: ColumnElement[int] | int, net: ColumnElement[int] | int) -> Update:
    """The UPDATE moving net votes into (or, negative, out of) an author's balance; SQL expressions welcome."""
    return update(User).where(User.id == author_id).values(vote_balance=User.vote_balance + net)


def credit_author(author_id: int, net: int) -> None:
    """Move net votes into (or, negative, out of) an author's balance."""
    if net:
        db.session.execute(credit(author_id, net))


def solution_visibility_changed(solution: Solution, visible: bool) -> None:
    """A solution was published, withdrawn, hidden or restored: move everything it carries."""
    sign = 1 if visible else -1
    _challenge_and_administration(
        solution.challenge_id, solution_count=sign, comment_count=sign * solution.comment_count
    )
    credit_author(solution.author_id, sign * solution.score)
    balances = db.session.execute(
        select(Comment.author_id, func.sum(Comment.votes_up - Comment.votes_down))
        .where(Comment.solution_id == solution.id, Comment.status == "published")
        .group_by(Comment.author_id)
    )
    for author_id, net in balances:
        credit_author(author_id, sign * int(net))


def solution_merged(duplicate: Solution, duplicate_score: int, survivor: Solution, survivor_score: int) -> None:
    """A visible duplicate was merged into a visible survivor (solutions.merging): one solution fewer, the
    same comments (now the survivor's), and each proposer's balance moved by their solution's change of score."""
    _challenge_and_administration(duplicate.challenge_id, solution_count=-1)
    credit_author(duplicate.author_id, -duplicate_score)
    credit_author(survivor.author_id, survivor.score - survivor_score)


def comment_visibility_changed(comment: Comment, visible: bool) -> None:
    """A comment was published, deleted, hidden or restored on a published solution."""
    sign = 1 if visible else -1
    _add(Solution, comment.solution_id, comment_count=sign)
    challenge_id = db.session.execute(
        select(Solution.challenge_id).where(Solution.id == comment.solution_id)
    ).scalar_one()
    _challenge_and_administration(challenge_id, comment_count=sign)
    credit_author(comment.author_id, sign * comment.score)
