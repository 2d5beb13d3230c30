"""Votes on solutions and comments, exact under concurrency, in as few statements as possible.

A vote is one statement on the account's vote row, which tells the value it replaced and
when that vote was first cast, and holds that row locked (an insert that skips an existing
row, a guarded flip, or a delete returning the old value), then one UPDATE moving the
item's counters (and, for a solution, both ranking keys: Wilson computed in SQL, the hot
sum moved by the vote's weight) and one moving the author's balance, all in one
transaction. A row changed by a parallel request of the same account between two of
these statements is a lost race, retried from the start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import (
    BindParameter,
    Float,
    Insert,
    Select,
    Update,
    and_,
    bindparam,
    delete,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql.dml import ReturningDelete
from sqlalchemy.sql.elements import ColumnElement

from ..core import counters
from ..core.errors import InvalidInput, ServiceError, is_deadlock
from ..core.extensions import db
from ..core.permissions import refusal_to_vote, refusal_to_write, refuse_unless_allowed
from ..leaderboards.ranking import hot_score_sql, hot_weight, wilson_lower_bound_sql
from ..models import Comment, CommentVote, Solution, SolutionVote, User, utcnow

VOTE_VALUES = (-1, 0, 1)
MAX_ATTEMPTS = 5


class VotingError(ServiceError):
    """The vote was refused (HTTP 403 unless the value itself is invalid)."""


class InvalidVote(InvalidInput):
    """The value is not -1, 0 or 1 (HTTP 400)."""


@dataclass(frozen=True)
class VoteResult:
    value: int
    votes_up: int
    votes_down: int

    @property
    def score(self) -> int:
        return self.votes_up - self.votes_down


class _LostRace(Exception):
    """A parallel request of the same account changed its vote row between two of our statements."""


def _check(voter: User, item: Solution | Comment, value: int, solution: Solution) -> None:
    if value not in VOTE_VALUES:
        raise InvalidVote(_("Voto non valido: usa 1, -1 oppure 0."))
    refuse_unless_allowed(refusal_to_write(voter))
    refuse_unless_allowed(refusal_to_vote(voter))
    if item.is_authored_by(voter.id):  # any author of a solution
        raise VotingError(_("Non puoi votare un tuo contributo."))
    if item.status != "published" or solution.status != "published":
        raise VotingError(_("Questo contributo non può più essere votato."))
    if not solution.challenge.accepts_discussion:
        raise VotingError(_("La sfida non accetta voti in questa fase."))


@dataclass(frozen=True)
class _Statements:
    """Every statement of one kind of vote, with bound parameters only.

    Built once: building a statement (the ranking keys' arithmetic above all) costs more
    Python time than running it. Parameters: voter_id, item_id, new_value, opposite, now, up,
    down, and hot_delta for a solution's hot score.
    """

    withdraw: ReturningDelete[int, datetime]  # SQLAlchemy's name for the type of delete(...).returning(...)
    insert: dict[str, Insert]  # per dialect: ON CONFLICT is dialect syntax in SQLAlchemy
    flip: Update
    current: Select
    counts: Select
    move: Update


def _statements(
    vote: type[SolutionVote] | type[CommentVote],
    item: type[Solution] | type[Comment],
    item_key: str,
    ranking_keys: Callable[[ColumnElement[int], ColumnElement[int]], dict] = lambda up, down: {},
) -> _Statements:
    mine = and_(vote.user_id == bindparam("voter_id"), getattr(vote, item_key) == bindparam("item_id"))
    row: dict[str, BindParameter[Any]] = {
        "user_id": bindparam("voter_id"),
        item_key: bindparam("item_id"),
        "value": bindparam("new_value"),
        "created_at": bindparam("now"),
        "updated_at": bindparam("now"),
    }
    # Nothing else in the session needs to see these rows change: skip the ORM's bookkeeping.
    unsynchronized = {"synchronize_session": False}
    up, down = item.votes_up + bindparam("up"), item.votes_down + bindparam("down")

    def insert_if_absent(dialect) -> Insert:
        return (
            dialect.insert(vote)
            .values(row)
            .on_conflict_do_nothing(index_elements=["user_id", item_key])
            .returning(vote.value)
        )

    return _Statements(
        withdraw=delete(vote).where(mine).returning(vote.value, vote.created_at).execution_options(**unsynchronized),
        insert={"postgresql": insert_if_absent(postgresql), "sqlite": insert_if_absent(sqlite)},
        flip=update(vote)
        .where(mine, vote.value == bindparam("opposite"))
        .values(value=bindparam("new_value"), updated_at=bindparam("now"))
        .returning(vote.created_at)
        .execution_options(**unsynchronized),
        current=select(vote.value).where(mine),
        counts=select(item.votes_up, item.votes_down).where(item.id == bindparam("item_id")),
        # SET reads the row as it was, so the ranking keys are computed from the new counts.
        # Only while published: a vote that waited for the row while it was merged or withdrawn counts nowhere.
        # (An author's vote taken back when they join the authors moves the counters in any state.)
        move=update(item)
        .where(item.id == bindparam("item_id"), or_(item.status == "published", bindparam("any_state")))
        .values(votes_up=up, votes_down=down, **ranking_keys(up, down))
        # The author credited is read under the row's lock: a solution's proposer may change meanwhile.
        .returning(item.votes_up, item.votes_down, item.author_id)
        .execution_options(**unsynchronized),
    )


SOLUTION_VOTES = _statements(
    SolutionVote,
    Solution,
    "solution_id",
    lambda up, down: {
        "wilson_score": wilson_lower_bound_sql(up, down),
        "hot_score": hot_score_sql(Solution.hot_score, bindparam("hot_delta", type_=Float), up, down),
    },
)
COMMENT_VOTES = _statements(CommentVote, Comment, "comment_id")


def _replace_vote_row(statements: _Statements, params: dict) -> tuple[int, datetime]:
    """Store the account's new value; return the one it replaced (0: none) and when the vote was first cast.

    Raise _LostRace if the row moved.
    """
    value, now = params["new_value"], params["now"]
    if value == 0:
        withdrawn = db.session.execute(statements.withdraw, params).first()
        return (withdrawn.value, withdrawn.created_at) if withdrawn else (0, now)
    if db.session.execute(statements.insert[db.engine.dialect.name], params).first():
        return 0, now  # a new row (a parallel insert of the same account makes this one skip)
    # The row exists: values are +1 or -1, so a change is a flip from the opposite one.
    flipped = db.session.execute(statements.flip, {**params, "opposite": -value}).first()
    if flipped:
        return -value, flipped.created_at
    if db.session.scalar(statements.current, params) == value:
        return value, now
    raise _LostRace  # deleted by a parallel withdrawal between our statements


def _deltas(old: int, new: int) -> tuple[int, int]:
    up = (new == 1) - (old == 1)
    down = (new == -1) - (old == -1)
    return up, down


def hot_delta(old: int, new: int, cast_at: datetime) -> float:
    """How a vote moves its solution's hot sum: its weight, times the change of its value."""
    return (new - old) * hot_weight(cast_at)


def _cast_once(statements: _Statements, item: Solution | Comment, params: dict) -> VoteResult:
    """One attempt, committed; _LostRace when a parallel request moved the vote row first, or when the
    database broke a deadlock with a merge of the solution (solutions.merging) by cancelling this one."""
    value = params["new_value"]
    try:
        old, cast_at = _replace_vote_row(statements, params)
        if old == value:
            counts = db.session.execute(statements.counts, params).one()
            db.session.rollback()
            return VoteResult(value, *counts)
        up, down = _deltas(old, value)
        moves = {"up": up, "down": down, "hot_delta": hot_delta(old, value, cast_at)}
        moved = db.session.execute(statements.move, {**params, **moves}).first()
    except OperationalError as error:
        if is_deadlock(error):
            raise _LostRace from error
        raise
    if moved is None:
        db.session.rollback()
        raise VotingError(_("Questo contributo non può più essere votato."))
    votes_up, votes_down, author_id = moved
    counters.vote_counted(item, author_id, up - down)
    db.session.commit()
    return VoteResult(value, votes_up, votes_down)


def _cast(statements: _Statements, item: Solution | Comment, params: dict) -> VoteResult:
    for _attempt in range(MAX_ATTEMPTS):
        try:
            return _cast_once(statements, item, params)
        except _LostRace:
            db.session.rollback()
    raise VotingError(_("Il voto non è stato registrato: riprova."))


def vote_on_solution(voter: User, solution: Solution, value: int) -> VoteResult:
    """Record +1 or -1, or withdraw with 0; the same value again changes nothing."""
    _check(voter, solution, value, solution)
    params = {
        "voter_id": voter.id,
        "item_id": solution.id,
        "new_value": value,
        "now": utcnow(),
        "any_state": False,
    }
    return _cast(SOLUTION_VOTES, solution, params)


def vote_on_comment(voter: User, comment: Comment, value: int) -> VoteResult:
    """Record +1 or -1 on a comment, or withdraw with 0."""
    _check(voter, comment, value, comment.solution)
    return _cast(
        COMMENT_VOTES,
        comment,
        {"voter_id": voter.id, "item_id": comment.id, "new_value": value, "now": utcnow(), "any_state": False},
    )


def withdraw_author_vote(user_id: int, solution: Solution) -> None:
    """Take back the vote of an account that has just become an author of the solution, in the caller's
    transaction (which holds the solution's row locked): the same withdrawal a vote of 0 makes."""
    params = {"voter_id": user_id, "item_id": solution.id, "new_value": 0, "now": utcnow(), "any_state": True}
    withdrawn = db.session.execute(SOLUTION_VOTES.withdraw, params).first()
    if withdrawn is None:
        return
    up, down = _deltas(withdrawn.value, 0)
    moves = {"up": up, "down": down, "hot_delta": hot_delta(withdrawn.value, 0, withdrawn.created_at)}
    _up, _down, author_id = db.session.execute(SOLUTION_VOTES.move, {**params, **moves}).one()
    if solution.is_visible:  # balances count visible solutions only
        counters.credit_author(author_id, up - down)


def votes_of(voter: User, model: type[SolutionVote] | type[CommentVote], item_ids: list[int]) -> dict[int, int]:
    """The account's votes on these items (solutions or comments): id -> +1 or -1."""
    if not voter.is_authenticated or not item_ids:
        return {}
    item_column = model.solution_id if issubclass(model, SolutionVote) else model.comment_id
    rows = db.session.execute(
        select(item_column, model.value).where(model.user_id == voter.id, item_column.in_(item_ids))
    )
    return dict(rows.all())
