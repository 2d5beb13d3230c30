"""Who may do what in a challenge's evaluation (issue 18): set-up by its staff, scoring by its evaluators,
results, awards and follow-through. The same split as `permissions`: services raise the `refusal_to_...`
errors, views and templates ask the `can_...` functions.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..models import Challenge, Evaluator, Solution, User
from .errors import PermissionDenied, ServiceError
from .extensions import db
from .permissions import can_manage


def can_set_up_evaluation(user: User, challenge: Challenge) -> bool:
    """Criteria, the popular vote's weight and evaluators: the challenge's staff, while draft or open."""
    return can_manage(user, challenge) and challenge.status in ("draft", "open")


def evaluator_id_of(user: User, challenge: Challenge) -> int | None:
    """The evaluator row that makes the account an evaluator of the challenge, or None."""
    if not user.is_authenticated or user.is_suspended:
        return None
    return db.session.scalar(
        select(Evaluator.id).where(Evaluator.challenge_id == challenge.id, Evaluator.user_id == user.id)
    )


def refusal_to_score(user: User, solution: Solution) -> ServiceError | None:
    """Why the user may not score the solution (an evaluator of its challenge, during evaluation), or None."""
    if evaluator_id_of(user, solution.challenge) is None:
        return PermissionDenied(_("Solo chi valuta questa sfida può assegnare punteggi."))
    if solution.challenge.status != "evaluation":
        return ServiceError(_("I punteggi si assegnano solo mentre la sfida è in valutazione."))
    if not solution.is_published:
        return ServiceError(_("Si valutano solo le soluzioni pubblicate."))
    return None


def can_score(user: User, solution: Solution) -> bool:
    """May score the solution now."""
    return refusal_to_score(user, solution) is None


def can_view_results(user: User, challenge: Challenge) -> bool:
    """The ranking with every evaluator's scores and notes: the challenge's staff only."""
    return can_manage(user, challenge)


def can_award(user: User, challenge: Challenge) -> bool:
    """Mark or unmark winners: the challenge's staff, while it is under evaluation."""
    return can_manage(user, challenge) and challenge.status == "evaluation"


def can_manage_milestones(user: User, solution: Solution, has_award: bool, outcome: str | None) -> bool:
    """Follow-through of a winning (once the challenge is closed) or accepted solution: the challenge's staff."""
    if not can_manage(user, solution.challenge) or not solution.is_listed:
        return False
    winning = has_award and solution.challenge.status == "closed"
    return winning or outcome in ("accepted", "implemented")
