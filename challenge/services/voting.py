"""Votes on solutions and comments, exact under concurrency.

The vote row changes first, guarded by its previous value, so two racing requests of the
same account cannot both apply a change; then the counters move by atomic SQL in the
same transaction. A lost race is retried from a fresh read.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Comment, CommentVote, Solution, SolutionVote, User, utcnow
from . import counters
from .common import InvalidInput, PermissionDenied, ServiceError
from .permissions import can_contribute
from .ranking import hot_score, wilson_lower_bound

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
    """Another request changed this account's vote between our read and our write."""


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


def _write_vote_row(model, key: dict, old: int, new: int) -> None:
    """Insert, change or delete the account's row; raise _LostRace if it moved meanwhile."""
    where = [getattr(model, name) == value for name, value in key.items()]
    if old == 0:
        try:
            db.session.execute(insert(model).values(**key, value=new, created_at=utcnow(), updated_at=utcnow()))
        except IntegrityError as exc:  # the same account's parallel request inserted first
            raise _LostRace from exc
        return
    if new == 0:
        changed = db.session.execute(delete(model).where(*where, model.value == old)).rowcount
    else:
        changed = db.session.execute(
            update(model).where(*where, model.value == old).values(value=new, updated_at=utcnow())
        ).rowcount
    if changed != 1:
        raise _LostRace


def _deltas(old: int, new: int) -> tuple[int, int]:
    up = (new == 1) - (old == 1)
    down = (new == -1) - (old == -1)
    return up, down


def _move_solution_counters(solution: Solution, up: int, down: int) -> tuple[int, int]:
    row = db.session.execute(
        update(Solution)
        .where(Solution.id == solution.id)
        .values(votes_up=Solution.votes_up + up, votes_down=Solution.votes_down + down)
        .returning(Solution.votes_up, Solution.votes_down, Solution.created_at)
    ).one()
    # The row stays locked by the UPDATE above until commit, so these keys match the counts.
    db.session.execute(
        update(Solution)
        .where(Solution.id == solution.id)
        .values(
            wilson_score=wilson_lower_bound(row.votes_up, row.votes_down),
            hot_score=hot_score(row.votes_up, row.votes_down, row.created_at),
        )
    )
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
    where = [getattr(model, name) == id_ for name, id_ in key.items()]
    for _attempt in range(MAX_ATTEMPTS):
        old = db.session.scalar(select(model.value).where(*where)) or 0
        if old == value:
            counts = db.session.execute(
                select(type(item).votes_up, type(item).votes_down).where(type(item).id == item.id)
            ).one()
            db.session.rollback()
            return VoteResult(value, *counts)
        up, down = _deltas(old, value)
        try:
            _write_vote_row(model, key, old, value)
        except _LostRace:
            db.session.rollback()
            continue
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
