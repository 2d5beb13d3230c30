"""Votes on solutions and comments, exact under concurrency, in as few round trips as the database allows.

A vote changes the account's vote row (an insert that skips an existing row, a guarded
flip from the opposite value, or a delete), which tells the value it replaced and when the
vote was first cast; from those two, one rule (`_moves`) moves the item's counters, its
ranking keys (a solution's Wilson bound and hot sum) and the author's balance, all in SQL
under the item's row lock. On PostgreSQL the whole vote is one statement: the vote row's
change and the author's balance are CTEs of the item's UPDATE. SQLite, which has no
writing CTEs, runs the same statements one after the other in one transaction. When
nothing changed, the vote was either the value already stored or lost a race with a
parallel request of the same account: one read tells which, and a lost race starts again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import (
    Float,
    Insert,
    Integer,
    Select,
    Update,
    and_,
    bindparam,
    case,
    delete,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import ReturningDelete, ReturningUpdate
from sqlalchemy.sql.elements import ColumnElement

from ..core import counters
from ..core.errors import InvalidInput, ServiceError
from ..core.extensions import db
from ..core.permissions import refusal_to_vote, refusal_to_write, refuse_unless_allowed
from ..leaderboards.ranking import hot_score_sql, hot_weight, hot_weight_sql, wilson_lower_bound_sql
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


def _check(voter: User, item: Solution | Comment, value: int, solution: Solution) -> None:
    if value not in VOTE_VALUES:
        raise InvalidVote(_("Voto non valido: usa 1, -1 oppure 0."))
    refuse_unless_allowed(refusal_to_write(voter))
    refuse_unless_allowed(refusal_to_vote(voter))
    if item.author_id == voter.id:
        raise VotingError(_("Non puoi votare un tuo contributo."))
    if item.status != "published" or solution.status != "published":
        raise VotingError(_("Questo contributo non può più essere votato."))
    if not solution.challenge.accepts_discussion:
        raise VotingError(_("La sfida non accetta voti in questa fase."))


Vote = type[SolutionVote] | type[CommentVote]
Item = type[Solution] | type[Comment]
NEW = bindparam("new_value", type_=Integer)


def _moves(item: Item, old: ColumnElement[int], weight: ColumnElement[float] | None) -> dict[str, Any]:
    """The item's new counters and ranking keys when a vote goes from `old` to the new value (0: none).

    `weight` is the vote's hot weight (None: the item has no ranking keys). SET reads the row
    as it was, so the ranking keys are computed from the new counts.
    """
    up = item.votes_up + case((NEW == 1, 1), else_=0) - case((old == 1, 1), else_=0)
    down = item.votes_down + case((NEW == -1, 1), else_=0) - case((old == -1, 1), else_=0)
    moves: dict[str, Any] = {"votes_up": up, "votes_down": down}
    if weight is not None:
        moves["wilson_score"] = wilson_lower_bound_sql(up, down)
        moves["hot_score"] = hot_score_sql(Solution.hot_score, (NEW - old) * weight, up, down)
    return moves


@dataclass(frozen=True)
class _Statements:
    """Every statement of one kind of vote, with bound parameters only.

    Built once: building a statement (the ranking keys' arithmetic above all) costs more
    Python time than running it. Parameters: voter_id, item_id, credited_id (the author), new_value, now;
    the step-by-step ones also old and weight.
    """

    withdraw: ReturningDelete
    insert: Insert  # SQLite's: ON CONFLICT is dialect syntax in SQLAlchemy
    flip: ReturningUpdate
    move: ReturningUpdate  # step by step: the counters and keys, from old and weight
    credit: Update  # step by step: the author's balance
    in_one: dict[int, ReturningUpdate]  # PostgreSQL: the whole vote, per kind of value (withdrawal or not)
    state: Select  # the item's counts and the account's stored value, when nothing changed


def _statements(vote: Vote, item: Item, item_key: str, ranked: bool) -> _Statements:
    mine = and_(vote.user_id == bindparam("voter_id"), getattr(vote, item_key) == bindparam("item_id"))
    row = {"user_id": bindparam("voter_id"), item_key: bindparam("item_id"), "value": NEW}
    row |= {"created_at": bindparam("now"), "updated_at": bindparam("now")}
    # Nothing else in the session needs to see these rows change: skip the ORM's bookkeeping.
    unsynchronized = {"synchronize_session": False}
    old, cast_at = literal(0).label("old"), vote.created_at.label("cast_at")
    item_id = getattr(vote, item_key).label("item_id")

    def insert_if_absent(dialect) -> Insert:
        return (
            dialect.insert(vote)
            .values(row)
            .on_conflict_do_nothing(index_elements=["user_id", item_key])
            .returning(old, cast_at, item_id)
        )

    withdraw = delete(vote).where(mine).returning(vote.value.label("old"), cast_at, item_id)
    # Values are +1 or -1: a change is a flip from the opposite one.
    flip = (
        update(vote)
        .where(mine, vote.value == -NEW)
        .values(value=NEW, updated_at=bindparam("now"))
        .returning((-vote.value).label("old"), cast_at, item_id)
    )

    def move(old: ColumnElement[int], weight: ColumnElement[float] | None, *joined) -> ReturningUpdate:
        return (
            update(item)
            .where(item.id == bindparam("item_id"), *joined)
            .values(_moves(item, old, weight))
            .returning(item.votes_up, item.votes_down)
            .execution_options(**unsynchronized)
        )

    def in_one(*changes) -> ReturningUpdate:
        # At most one row: the vote row's change, with the author to credit, joined to the UPDATEs.
        author = bindparam("credited_id", type_=Integer).label("credited_id")
        change = union_all(*(select(cte.c.old, cte.c.cast_at, cte.c.item_id, author) for cte in changes)).cte("change")
        weight = hot_weight_sql(change.c.cast_at) if ranked else None
        credit = counters.credit(change.c.credited_id, NEW - change.c.old).cte("credit")
        return move(change.c.old, weight, item.id == change.c.item_id).add_cte(credit)

    return _Statements(
        withdraw=withdraw.execution_options(**unsynchronized),
        insert=insert_if_absent(sqlite),
        flip=flip.execution_options(**unsynchronized),
        move=move(bindparam("old", type_=Integer), bindparam("weight", type_=Float) if ranked else None),
        credit=counters.credit(bindparam("credited_id"), NEW - bindparam("old", type_=Integer)),
        in_one={
            0: in_one(withdraw.cte("withdrawn")),
            1: in_one(insert_if_absent(postgresql).cte("inserted"), flip.cte("flipped")),
        },
        state=select(item.votes_up, item.votes_down, select(vote.value).where(mine).scalar_subquery()).where(
            item.id == bindparam("item_id")
        ),
    )


SOLUTION_VOTES = _statements(SolutionVote, Solution, "solution_id", ranked=True)
COMMENT_VOTES = _statements(CommentVote, Comment, "comment_id", ranked=False)


def _change_step_by_step(statements: _Statements, params: dict) -> tuple[int, int] | None:
    """The vote as separate statements: the new counts, or None when the vote row did not change."""
    if params["new_value"] == 0:
        replaced = db.session.execute(statements.withdraw, params).first()
    else:
        replaced = db.session.execute(statements.insert, params).first()
        replaced = replaced or db.session.execute(statements.flip, params).first()
    if replaced is None:
        return None
    moves = {"old": replaced.old, "weight": hot_weight(replaced.cast_at)}
    counts = db.session.execute(statements.move, {**params, **moves}).one()
    db.session.execute(statements.credit, {**params, **moves})
    return counts


def _change(statements: _Statements, params: dict) -> tuple[int, int] | None:
    if db.engine.dialect.name != "postgresql":
        return _change_step_by_step(statements, params)
    moved = db.session.execute(statements.in_one[abs(params["new_value"])], params).first()
    return tuple(moved) if moved else None


def _cast(statements: _Statements, params: dict) -> VoteResult:
    value = params["new_value"]
    for _attempt in range(MAX_ATTEMPTS):
        counts = _change(statements, params)
        if counts is not None:
            db.session.commit()
            return VoteResult(value, *counts)
        up, down, stored = db.session.execute(statements.state, params).one()
        db.session.rollback()
        if (stored or 0) == value:
            return VoteResult(value, up, down)
        # Lost a race with a parallel request of the same account: start again.
    raise VotingError(_("Il voto non è stato registrato: riprova."))


def vote_on_solution(voter: User, solution: Solution, value: int) -> VoteResult:
    """Record +1 or -1, or withdraw with 0; the same value again changes nothing."""
    _check(voter, solution, value, solution)
    return _cast(SOLUTION_VOTES, _params(voter, solution, value))


def vote_on_comment(voter: User, comment: Comment, value: int) -> VoteResult:
    """Record +1 or -1 on a comment, or withdraw with 0."""
    _check(voter, comment, value, comment.solution)
    return _cast(COMMENT_VOTES, _params(voter, comment, value))


def _params(voter: User, item: Solution | Comment, value: int) -> dict:
    return {
        "voter_id": voter.id,
        "item_id": item.id,
        "credited_id": item.author_id,
        "new_value": value,
        "now": utcnow(),
    }


def votes_of(voter: User, model: type[SolutionVote] | type[CommentVote], item_ids: list[int]) -> dict[int, int]:
    """The account's votes on these items (solutions or comments): id -> +1 or -1."""
    if not voter.is_authenticated or not item_ids:
        return {}
    item_column = model.solution_id if issubclass(model, SolutionVote) else model.comment_id
    rows = db.session.execute(
        select(item_column, model.value).where(model.user_id == voter.id, item_column.in_(item_ids))
    )
    return dict(rows.all())
