"""What one reader has done on a page (their votes, whether they follow it, their seat on its jury), in one statement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Integer, Select, String, literal, select, union_all
from sqlalchemy.orm import InstrumentedAttribute

from ..core.extensions import db
from ..models import CommentVote, Evaluator, SolutionVote, User


@dataclass(frozen=True)
class ReaderFacts:
    solution_votes: dict[int, int] = field(default_factory=dict)  # solution id -> the reader's +1 or -1
    comment_votes: dict[int, int] = field(default_factory=dict)  # comment id -> the reader's +1 or -1
    following: bool = False
    evaluator_id: int | None = None  # the jury seat that lets the reader score the challenge's solutions


def fact(kind: str, key, value, *conditions) -> Select:
    """One kind of fact as rows (key, value, kind), to be joined with others in one UNION ALL."""
    return select(key.label("key"), value.label("value"), literal(kind, String).label("kind")).where(*conditions)


def reader_facts(
    user: User,
    follow: tuple[InstrumentedAttribute[int], int],
    challenge_id: int,
    solution_ids: Sequence[int] = (),
    comment_ids: Sequence[int] = (),
) -> ReaderFacts:
    """The reader's votes on these solutions and comments, whether their follow row exists, and their jury seat.

    `follow` is a follow table's key column and its value (`(Follow.challenge_id, 3)`).
    Visitors cost no statement; a suspended account sits on no jury, as `evaluator_id_of` says.
    """
    if not user.is_authenticated:
        return ReaderFacts()
    follow_column, follow_key = follow
    one, zero = literal(1, Integer), literal(0, Integer)
    parts = [
        fact("follow", follow_column, one, follow_column.class_.user_id == user.id, follow_column == follow_key),
        fact("seat", Evaluator.id, zero, Evaluator.challenge_id == challenge_id, Evaluator.user_id == user.id),
    ]
    if solution_ids:
        voted = SolutionVote.solution_id
        parts.append(
            fact("solution", voted, SolutionVote.value, SolutionVote.user_id == user.id, voted.in_(solution_ids))
        )
    if comment_ids:
        voted = CommentVote.comment_id
        parts.append(fact("comment", voted, CommentVote.value, CommentVote.user_id == user.id, voted.in_(comment_ids)))
    rows = db.session.execute(union_all(*parts)).all()
    seats = [key for key, _value, kind in rows if kind == "seat"]
    return ReaderFacts(
        solution_votes={key: value for key, value, kind in rows if kind == "solution"},
        comment_votes={key: value for key, value, kind in rows if kind == "comment"},
        following=any(kind == "follow" for _key, _value, kind in rows),
        evaluator_id=seats[0] if seats and not user.is_suspended else None,
    )
