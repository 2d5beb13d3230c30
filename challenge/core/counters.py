"""Counters kept in step with the rows, always by atomic SQL in the caller's transaction.

Two kinds of counts (docs/contract.md, "Private challenges"):
- a challenge's own counters (and a solution's) count what its readers see there: published
  solutions and their published comments, whatever the challenge's visibility (`Solution.is_listed`);
- public aggregates (an administration's counters, people's vote balances, and so every leaderboard
  and statistic built on them) count visible content only: a published solution on a public
  challenge, and a published comment on such a solution (`Solution.is_visible`).
So whenever an item appears or disappears, or a challenge becomes public or stops being, these
helpers move its weight in or out; `flask recount` rebuilds the same numbers from the rows.
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


def _challenge_and_administration(challenge: Challenge, **deltas: int) -> None:
    _add(Challenge, challenge.id, **deltas)
    if challenge.is_public:
        _add(Administration, challenge.administration_id, **deltas)


def credit(author_id: ColumnElement[int] | int, net: ColumnElement[int] | int) -> Update:
    """The UPDATE moving net votes into (or, negative, out of) an author's balance; SQL expressions welcome."""
    return update(User).where(User.id == author_id).values(vote_balance=User.vote_balance + net)


def credit_author(author_id: int, net: int) -> None:
    """Move net votes into (or, negative, out of) an author's balance."""
    if net:
        db.session.execute(credit(author_id, net))


def credited_by_votes(item: Solution | Comment) -> int | None:
    """Whose balance a vote on the item moves: its author's (the proposer of a solution) while the item
    counts in public, nobody's (None) on a challenge that is not public."""
    solution = item if isinstance(item, Solution) else item.solution
    return item.author_id if solution.challenge.is_public else None


def _comment_balances(solution_filter) -> list[tuple[int, int]]:
    rows = db.session.execute(
        select(Comment.author_id, func.sum(Comment.votes_up - Comment.votes_down))
        .join(Solution, Solution.id == Comment.solution_id)
        .where(solution_filter, Comment.status == "published")
        .group_by(Comment.author_id)
    )
    return [(author_id, int(net)) for author_id, net in rows]


def solution_visibility_changed(solution: Solution, visible: bool) -> None:
    """A solution was published, withdrawn, hidden or restored: move everything it carries."""
    sign = 1 if visible else -1
    _challenge_and_administration(solution.challenge, solution_count=sign, comment_count=sign * solution.comment_count)
    if not solution.challenge.is_public:
        return
    credit_author(solution.author_id, sign * solution.score)
    for author_id, net in _comment_balances(Solution.id == solution.id):
        credit_author(author_id, sign * net)


def solution_merged(duplicate: Solution, duplicate_score: int, survivor: Solution, survivor_score: int) -> None:
    """A visible duplicate was merged into a visible survivor (solutions.merging): one solution fewer, the
    same comments (now the survivor's), and each proposer's balance moved by their solution's change of score."""
    _challenge_and_administration(duplicate.challenge, solution_count=-1)
    if duplicate.challenge.is_public:  # votes on a private challenge are in nobody's public balance
        credit_author(duplicate.author_id, -duplicate_score)
        credit_author(survivor.author_id, survivor.score - survivor_score)


def comment_visibility_changed(comment: Comment, visible: bool) -> None:
    """A comment was published, deleted, hidden or restored on a published solution."""
    sign = 1 if visible else -1
    _add(Solution, comment.solution_id, comment_count=sign)
    _challenge_and_administration(comment.solution.challenge, comment_count=sign)
    if comment.solution.challenge.is_public:
        credit_author(comment.author_id, sign * comment.score)


def challenge_visibility_changed(challenge: Challenge, public: bool) -> None:
    """A challenge became public (`public`) or stopped being: its whole weight moves in or out of the
    public aggregates. Its own counters stay, read by the database so that nothing counted meanwhile is lost."""
    sign = 1 if public else -1
    own = select(Challenge.solution_count, Challenge.comment_count).where(Challenge.id == challenge.id).subquery()
    db.session.execute(
        update(Administration)
        .where(Administration.id == challenge.administration_id)
        .values(
            solution_count=Administration.solution_count + sign * select(own.c.solution_count).scalar_subquery(),
            comment_count=Administration.comment_count + sign * select(own.c.comment_count).scalar_subquery(),
        )
    )
    published = (Solution.challenge_id == challenge.id) & (Solution.status == "published")
    solution_balances = db.session.execute(
        select(Solution.author_id, func.sum(Solution.votes_up - Solution.votes_down))
        .where(published)
        .group_by(Solution.author_id)
    )
    for author_id, net in [*((a, int(n)) for a, n in solution_balances), *_comment_balances(published)]:
        credit_author(author_id, sign * net)
