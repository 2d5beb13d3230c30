"""What a person did as a juror, for the export of their data: their scores and notes, and the awards they gave."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..core.extensions import db
from ..models import Award, Challenge, EvaluationCriterion, EvaluationNote, EvaluationScore, Evaluator, User


def personal_data(user: User) -> dict[str, Any]:
    return {
        "evaluations": [
            {
                "challenge": slug,
                "scores": [
                    {"solution_id": solution_id, "criterion": name, "value": value}
                    for solution_id, name, value in db.session.execute(
                        select(EvaluationScore.solution_id, EvaluationCriterion.name, EvaluationScore.value)
                        .join(EvaluationCriterion, EvaluationCriterion.id == EvaluationScore.criterion_id)
                        .where(EvaluationScore.evaluator_id == evaluator_id)
                        .order_by(EvaluationScore.id)
                    )
                ],
                "notes": [
                    {"solution_id": solution_id, "body": body}
                    for solution_id, body in db.session.execute(
                        select(EvaluationNote.solution_id, EvaluationNote.body)
                        .where(EvaluationNote.evaluator_id == evaluator_id)
                        .order_by(EvaluationNote.id)
                    )
                ],
            }
            for evaluator_id, slug in db.session.execute(
                select(Evaluator.id, Challenge.slug)
                .join(Challenge, Challenge.id == Evaluator.challenge_id)
                .where(Evaluator.user_id == user.id)
                .order_by(Evaluator.id)
            )
        ],
        "awards_given": [
            {"solution_id": solution_id, "place": place, "motivation": motivation}
            for solution_id, place, motivation in db.session.execute(
                select(Award.solution_id, Award.place, Award.motivation)
                .where(Award.created_by_id == user.id)
                .order_by(Award.id)
            )
        ],
    }
