"""What one reader has done on a page (their votes, whether they follow it, their seat on its jury), in one statement."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Integer, String, literal, select, union_all
from sqlalchemy.orm import InstrumentedAttribute

from ..core.extensions import db
from ..models import CommentVote, Evaluator, SolutionVote, User


@dataclass(frozen=True)
class ReaderFacts:
    votes: dict[int, int] = field(default_factory=dict)  # item id -> the reader's +1 or -1
    following: bool = False
    evaluator_id: int | None = None  # the jury seat that lets the reader score the challenge's solutions


def reader_facts(
    user: User,
    votes: tuple[type[SolutionVote] | type[CommentVote], list[int]],
    follow: tuple[InstrumentedAttribute[int], int],
    challenge_id: int,
) -> ReaderFacts:
    """The reader's votes on these items, whether their follow row exists, and their evaluator row, if any.

    `follow` is the follow table's key column and its value (e.g. `(Follow.challenge_id, 3)`).
    Visitors cost no statement; a suspended account sits on no jury, as `evaluator_id_of` says.
    """
    if not user.is_authenticated:
        return ReaderFacts()
    model, item_ids = votes
    item = model.solution_id if issubclass(model, SolutionVote) else model.comment_id
    follow_column, follow_key = follow
    follow_table = follow_column.class_

    def part(kind: str, statement):
        return statement.add_columns(literal(kind, String).label("kind"))

    rows = db.session.execute(
        union_all(
            part("vote", select(item.label("key"), model.value.label("value"))).where(
                model.user_id == user.id, item.in_(item_ids or [-1])
            ),
            part("follow", select(follow_column.label("key"), literal(1, Integer).label("value"))).where(
                follow_table.user_id == user.id, follow_column == follow_key
            ),
            part("evaluator", select(Evaluator.id.label("key"), literal(0, Integer).label("value"))).where(
                Evaluator.challenge_id == challenge_id, Evaluator.user_id == user.id
            ),
        )
    ).all()
    evaluators = [key for key, _value, kind in rows if kind == "evaluator"]
    return ReaderFacts(
        votes={key: value for key, value, kind in rows if kind == "vote"},
        following=any(kind == "follow" for _key, _value, kind in rows),
        evaluator_id=evaluators[0] if evaluators and not user.is_suspended else None,
    )
