"""Votes on solutions and comments, exact under concurrency, in as few statements as possible.

A vote is one statement on the account's vote row, which tells the value it replaced and
holds that row locked (an insert that skips an existing row, a guarded flip, or a delete
returning the old value), then one UPDATE moving the item's counters (and, for a
solution, both ranking keys, computed in SQL) and one moving the author's balance, all in
one transaction. A row changed by a parallel request of the same account between two of
these statements is a lost race, retried from the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import Comment, CommentVote, Solution, SolutionVote, User, utcnow
from . import counters
from .common import InvalidInput, PermissionDenied, ServiceError
from .permissions import can_contribute
from .ranking import hot_score_sql, wilson_lower_bound_sql

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
    if not can_contribute(voter):
        raise PermissionDenied(_("Il tuo account è sospeso: non puoi votare."))
    if item.author_id == voter.id:
        raise VotingError(_("Non puoi votare un tuo contributo."))
    if item.status != "published" or solution.status != "published":
        raise VotingError(_("Questo contributo non può più essere votato."))
    if not solution.challenge.accepts_discussion:
        raise VotingError(_("La sfida non accetta voti in questa fase."))


def _insert_if_absent(model, key: dict, value: int, now: datetime) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when the row is new (a parallel insert makes it False)."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(model)
        .values(**key, value=value, created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=list(key))
        .returning(model.value)
    )
    return db.session.execute(statement).first() is not None


def _replace_vote_row(model, key: dict, value: int) -> int:
    """Store the account's new value and return the one it replaced (0: none); raise _LostRace if the row moved."""
    where = [getattr(model, name) == id_ for name, id_ in key.items()]
    if value == 0:
        return db.session.scalar(delete(model).where(*where).returning(model.value)) or 0
    now = utcnow()
    if _insert_if_absent(model, key, value, now):
        return 0
    # The row exists: values are +1 or -1, so a change is a flip from the opposite one.
    flip = update(model).where(*where, model.value == -value).values(value=value, updated_at=now)
    if db.session.execute(flip).rowcount == 1:
        return -value
    if db.session.scalar(select(model.value).where(*where)) == value:
        return value
    raise _LostRace  # deleted by a parallel withdrawal between our statements


def _deltas(old: int, new: int) -> tuple[int, int]:
    up = (new == 1) - (old == 1)
    down = (new == -1) - (old == -1)
    return up, down


def _move_solution_counters(solution: Solution, up: int, down: int) -> tuple[int, int]:
    votes_up, votes_down = Solution.votes_up + up, Solution.votes_down + down
    row = db.session.execute(
        update(Solution)
        .where(Solution.id == solution.id)
        .values(
            votes_up=votes_up,
            votes_down=votes_down,
            # SET reads the row as it was, so the keys are computed from the new counts.
            wilson_score=wilson_lower_bound_sql(votes_up, votes_down),
            hot_score=hot_score_sql(votes_up, votes_down, solution.created_at),
        )
        .returning(Solution.votes_up, Solution.votes_down)
    ).one()
    return row.votes_up, row.votes_down


def _move_comment_counters(comment: Comment, up: int, down: int) -> tuple[int, int]:
    row = db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(votes_up=Comment.votes_up + up, votes_down=Comment.votes_down + down)
        .returning(Comment.votes_up, Comment.votes_down)
    ).one()
    return row.votes_up, row.votes_down


def _cast(item, value: int, model, key: dict, move_counters) -> VoteResult:
    for _attempt in range(MAX_ATTEMPTS):
        try:
            old = _replace_vote_row(model, key, value)
        except _LostRace:
            db.session.rollback()
            continue
        if old == value:
            counts = db.session.execute(
                select(type(item).votes_up, type(item).votes_down).where(type(item).id == item.id)
            ).one()
            db.session.rollback()
            return VoteResult(value, *counts)
        up, down = _deltas(old, value)
        votes_up, votes_down = move_counters(item, up, down)
        counters.credit_author(item.author_id, up - down)
        db.session.commit()
        return VoteResult(value, votes_up, votes_down)
    raise VotingError(_("Il voto non è stato registrato: riprova."))


def vote_on_solution(voter: User, solution: Solution, value: int) -> VoteResult:
    """Record +1 or -1, or withdraw with 0; the same value again changes nothing."""
    _check(voter, solution, value, solution)
    key = {"user_id": voter.id, "solution_id": solution.id}
    return _cast(solution, value, SolutionVote, key, _move_solution_counters)


def vote_on_comment(voter: User, comment: Comment, value: int) -> VoteResult:
    """Record +1 or -1 on a comment, or withdraw with 0."""
    _check(voter, comment, value, comment.solution)
    key = {"user_id": voter.id, "comment_id": comment.id}
    return _cast(comment, value, CommentVote, key, _move_comment_counters)


def votes_of(voter: User, model: type[SolutionVote] | type[CommentVote], item_ids: list[int]) -> dict[int, int]:
    """The account's votes on these items (solutions or comments): id -> +1 or -1."""
    if not voter.is_authenticated or not item_ids:
        return {}
    item_column = model.solution_id if model is SolutionVote else model.comment_id
    rows = db.session.execute(
        select(item_column, model.value).where(model.user_id == voter.id, item_column.in_(item_ids))
    )
    return dict(rows.all())
