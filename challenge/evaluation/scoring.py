"""Scoring: an evaluator's scores and private note on a solution, and the evaluator's inbox."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Exists, Select, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..core.errors import InvalidInput, commit_or_raise
from ..core.evaluation_permissions import evaluator_id_of, refusal_to_score
from ..core.extensions import db
from ..core.permissions import refuse_unless_allowed
from ..core.visibility import challenges_visible_to
from ..models import Challenge, EvaluationCriterion, EvaluationNote, EvaluationScore, Evaluator, Solution, User, utcnow
from .setup import EvaluationError, criteria_of

MIN_SCORE, MAX_SCORE = 1, 5


def _insert():
    return postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert


def score_solution(user: User, solution: Solution, scores: dict[int, int], note: str) -> None:
    """Record the evaluator's score on every criterion and the private note: one row per (evaluator,
    solution, criterion), written with INSERT ... ON CONFLICT DO UPDATE so that two submissions at
    once leave one score, the later one."""
    refuse_unless_allowed(refusal_to_score(user, solution))
    evaluator_id = evaluator_id_of(user, solution.challenge)
    assert evaluator_id is not None  # refusal_to_score checked it
    criteria = {criterion.id for criterion in criteria_of(solution.challenge)}
    if set(scores) != criteria:
        raise InvalidInput(_("Assegna un punteggio a ogni criterio."))
    if any(not MIN_SCORE <= value <= MAX_SCORE for value in scores.values()):
        raise InvalidInput(_("I punteggi vanno da 1 a 5."))
    insert = _insert()
    now = utcnow()
    for criterion_id, value in sorted(scores.items()):  # sorted: concurrent writers lock rows in one order
        statement = insert(EvaluationScore).values(
            evaluator_id=evaluator_id, solution_id=solution.id, criterion_id=criterion_id, value=value, updated_at=now
        )
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["evaluator_id", "solution_id", "criterion_id"],
                set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
            )
        )
    statement = insert(EvaluationNote).values(
        evaluator_id=evaluator_id, solution_id=solution.id, body=note.strip(), updated_at=now
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["evaluator_id", "solution_id"],
            set_={"body": statement.excluded.body, "updated_at": statement.excluded.updated_at},
        )
    )
    commit_or_raise(EvaluationError(_("I punteggi non sono stati salvati: riprova.")))


def own_scores(user: User, solution: Solution) -> tuple[dict[int, int], str]:
    """The evaluator's current scores (criterion id -> value) and note on the solution."""
    evaluator_id = evaluator_id_of(user, solution.challenge)
    if evaluator_id is None:
        return {}, ""
    rows = db.session.execute(
        select(EvaluationScore.criterion_id, EvaluationScore.value).where(
            EvaluationScore.evaluator_id == evaluator_id, EvaluationScore.solution_id == solution.id
        )
    )
    note = db.session.scalar(
        select(EvaluationNote.body).where(
            EvaluationNote.evaluator_id == evaluator_id, EvaluationNote.solution_id == solution.id
        )
    )
    return {row.criterion_id: row.value for row in rows}, note or ""


@dataclass(frozen=True)
class InboxItem:
    challenge: Challenge
    solution_count: int
    scored_count: int  # solutions scored on every criterion
    next_solution_id: int | None  # the first solution still to score

    @property
    def to_score(self) -> int:
        return self.solution_count - self.scored_count


def _published_ids(challenge_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Solution.id)
            .where(Solution.challenge_id == challenge_id, Solution.status == "published")
            .order_by(Solution.id)
        )
    )


def _evaluations_of(user: User) -> Select:
    """The account's evaluator rows with their challenges, once those are public (a draft's jury waits)."""
    return (
        select(Evaluator.id, Challenge)
        .join(Challenge, Challenge.id == Evaluator.challenge_id)
        .where(Evaluator.user_id == user.id, Challenge.status != "draft", challenges_visible_to(user))
    )


def has_evaluations(user: User) -> Exists:
    """Whether the account has an inbox of evaluations ("Le mie valutazioni") to be led to: an EXISTS, which
    the header asks in one statement with its other questions about the reader."""
    return _evaluations_of(user).exists()


def inbox(user: User) -> list[InboxItem]:
    """The challenges the account evaluates, with how many solutions they scored and how many are left."""
    if not user.is_authenticated:
        return []
    rows = db.session.execute(_evaluations_of(user).order_by(Challenge.deadline, Challenge.id)).all()
    items = []
    for evaluator_id, challenge in rows:
        criteria_count = db.session.scalar(select(func.count()).where(EvaluationCriterion.challenge_id == challenge.id))
        scored_per_solution = dict(
            db.session.execute(
                select(EvaluationScore.solution_id, func.count())
                .where(EvaluationScore.evaluator_id == evaluator_id)
                .group_by(EvaluationScore.solution_id)
            ).all()
        )
        published = _published_ids(challenge.id)
        done = [sid for sid in published if criteria_count and scored_per_solution.get(sid, 0) >= criteria_count]
        left = [sid for sid in published if sid not in set(done)]
        items.append(InboxItem(challenge, len(published), len(done), left[0] if left else None))
    return items
