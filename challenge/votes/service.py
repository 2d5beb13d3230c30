"""Votes on solutions and comments, exact under concurrency, in as few round trips as the database allows.

A vote changes the account's vote row (an insert that skips an existing row, a guarded
flip from the opposite value, or a delete), which tells the value it replaced and when the
vote was first cast; from those two, one rule (`_changes`, then `_moves`) moves the item's counters, its
ranking keys (a solution's Wilson bound and hot sum) and the author's balance, all in SQL
under the item's row lock. On PostgreSQL the whole vote is one statement: the vote row's
change and the author's balance are CTEs of the item's UPDATE. SQLite, which has no
writing CTEs, runs the same statements one after the other in one transaction. When
nothing changed, the vote was the value already stored, or lost a race with a parallel
request of the same account, or found the item no longer published (a merge or a withdrawal
took its row lock first): one read tells which; a lost race, or a deadlock broken by the
database against a merge (solutions.merging), starts again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import (
    Boolean,
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
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql.dml import ReturningDelete, ReturningUpdate
from sqlalchemy.sql.elements import ColumnElement

from ..core import counters
from ..core.errors import InvalidInput, ServiceError, is_deadlock
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
    if item.is_authored_by(voter.id):  # any author of a solution
        raise VotingError(_("Non puoi votare un tuo contributo."))
    if item.status != "published" or solution.status != "published":
        raise VotingError(_("Questo contributo non può più essere votato."))
    if not solution.challenge.accepts_discussion:
        raise VotingError(_("La sfida non accetta voti in questa fase."))


Vote = type[SolutionVote] | type[CommentVote]
Item = type[Solution] | type[Comment]
NEW = bindparam("new_value", type_=Integer)


def _changes(old: ColumnElement[int], weight: ColumnElement[float] | None) -> dict[str, ColumnElement]:
    """What a vote going from `old` to the new value (0: none) adds to the +1 and -1 counts, to the
    author's balance ("net") and, given the vote's weight (None: an item without ranking keys), to the hot sum."""
    changes = {
        "up": case((NEW == 1, 1), else_=0) - case((old == 1, 1), else_=0),
        "down": case((NEW == -1, 1), else_=0) - case((old == -1, 1), else_=0),
        "net": NEW - old,
    }
    if weight is not None:
        changes["hot"] = (NEW - old) * weight
    return changes


def _moves(item: Item, change: Mapping[str, ColumnElement], ranked: bool) -> dict[str, Any]:
    """The item's new counters and ranking keys; SET reads the row as it was, so the keys see the new counts."""
    up, down = item.votes_up + change["up"], item.votes_down + change["down"]
    moves: dict[str, Any] = {"votes_up": up, "votes_down": down}
    if ranked:
        moves["wilson_score"] = wilson_lower_bound_sql(up, down)
        moves["hot_score"] = hot_score_sql(Solution.hot_score, change["hot"], up, down)
    return moves


@dataclass(frozen=True)
class _Statements:
    """Every statement of one kind of vote, with bound parameters only.

    Built once: building a statement (the ranking keys' arithmetic above all) costs more
    Python time than running it. Parameters: voter_id, item_id, credited_id (whose balance moves: None,
    nobody's), new_value, now,
    any_state (move the counters of an item that is no longer published too); the step-by-step ones also
    old and weight.
    """

    withdraw: ReturningDelete
    insert: Insert  # SQLite's: ON CONFLICT is dialect syntax in SQLAlchemy
    flip: ReturningUpdate
    move: ReturningUpdate  # step by step: the counters and keys, from old and weight
    credit: Update  # step by step: the author's balance
    in_one: dict[int, ReturningUpdate]  # PostgreSQL: the whole vote, per kind of value (withdrawal or not)
    state: Select  # the item's counts, its status and the account's stored value, when nothing changed


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

    # Only while published: a vote that waited for the row while it was merged or withdrawn counts nowhere
    # (the caller rolls back). An author's vote taken back as they join the authors moves in any state.
    counted = or_(item.status == "published", bindparam("any_state", type_=Boolean))

    def move(change: Mapping[str, ColumnElement], *joined) -> ReturningUpdate:
        return (
            update(item)
            .where(item.id == bindparam("item_id"), counted, *joined)
            .values(_moves(item, change, ranked))
            .returning(item.votes_up, item.votes_down)
            .execution_options(**unsynchronized)
        )

    def in_one(*changed) -> ReturningUpdate:
        # At most one row: the vote row's change and what it adds, joined to the two UPDATEs.
        row = union_all(*(select(cte.c.old, cte.c.cast_at, cte.c.item_id) for cte in changed)).subquery("row")
        adds = _changes(row.c.old, hot_weight_sql(row.c.cast_at) if ranked else None)
        author = bindparam("credited_id", type_=Integer).label("credited_id")
        change = select(row.c.item_id, author, *(value.label(name) for name, value in adds.items())).cte("change")
        credit = counters.credit(change.c.credited_id, change.c.net)
        added = {name: change.c[name] for name in adds}
        return move(added, item.id == change.c.item_id).add_cte(credit.cte("credit"))

    step_by_step = _changes(bindparam("old", type_=Integer), bindparam("weight", type_=Float) if ranked else None)

    return _Statements(
        withdraw=withdraw.execution_options(**unsynchronized),
        insert=insert_if_absent(sqlite),
        flip=flip.execution_options(**unsynchronized),
        move=move(step_by_step),
        credit=counters.credit(bindparam("credited_id"), step_by_step["net"]),
        in_one={
            0: in_one(withdraw.cte("withdrawn")),
            1: in_one(insert_if_absent(postgresql).cte("inserted"), flip.cte("flipped")),
        },
        state=select(
            item.votes_up, item.votes_down, item.status, select(vote.value).where(mine).scalar_subquery()
        ).where(item.id == bindparam("item_id")),
    )


SOLUTION_VOTES = _statements(SolutionVote, Solution, "solution_id", ranked=True)
COMMENT_VOTES = _statements(CommentVote, Comment, "comment_id", ranked=False)


def _change_step_by_step(statements: _Statements, params: dict) -> tuple[int, int] | None:
    """The vote as separate statements: the new counts, or None when the vote row or the item did not change."""
    if params["new_value"] == 0:
        replaced = db.session.execute(statements.withdraw, params).first()
    else:
        replaced = db.session.execute(statements.insert, params).first()
        replaced = replaced or db.session.execute(statements.flip, params).first()
    if replaced is None:
        return None
    moves = {"old": replaced.old, "weight": hot_weight(replaced.cast_at)}
    counts = db.session.execute(statements.move, {**params, **moves}).first()
    if counts is not None and params["credited_id"] is not None:
        db.session.execute(statements.credit, {**params, **moves})
    return None if counts is None else tuple(counts)


def _change(statements: _Statements, params: dict) -> tuple[int, int] | None:
    if db.engine.dialect.name != "postgresql":
        return _change_step_by_step(statements, params)
    moved = db.session.execute(statements.in_one[abs(params["new_value"])], params).first()
    return tuple(moved) if moved else None


def _cast(statements: _Statements, params: dict) -> VoteResult:
    value = params["new_value"]
    for _attempt in range(MAX_ATTEMPTS):
        try:
            counts = _change(statements, params)
        except OperationalError as error:
            db.session.rollback()
            if is_deadlock(error):
                continue
            raise
        if counts is not None:
            db.session.commit()
            return VoteResult(value, *counts)
        up, down, status, stored = db.session.execute(statements.state, params).one()
        db.session.rollback()
        if status != "published":
            raise VotingError(_("Questo contributo non può più essere votato."))
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
        "credited_id": counters.credited_by_votes(item),
        "new_value": value,
        "now": utcnow(),
        "any_state": False,
    }


def withdraw_author_vote(user_id: int, solution: Solution) -> None:
    """Take back the vote of an account that has just become an author of the solution, in the caller's
    transaction (which holds the solution's row locked): the same withdrawal a vote of 0 makes."""
    params = {
        "voter_id": user_id,
        "item_id": solution.id,
        # Balances count published solutions only.
        "credited_id": counters.credited_by_votes(solution) if solution.is_published else None,
        "new_value": 0,
        "now": utcnow(),
        "any_state": True,
    }
    _change_step_by_step(SOLUTION_VOTES, params)
