"""Evaluating a challenge: the ranking by weighted score, awards and published results.

The weighted score of a solution (0 to 100 points), documented on the results page and in docs/evaluation.md:

- jury: for each criterion, the mean of the evaluators' scores (1 to 5); then the mean of those means
  weighted by the criteria's weights, over the criteria that have scores; then scaled from 1..5 to 0..1;
- popular: the Wilson lower bound (95 %) of the share of +1 votes, already in 0..1 (services.ranking);
- total = 100 × ((1 − p) × jury + p × popular), p being the popular vote's weight (0 to 50 %).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..core.errors import PermissionDenied, commit_or_raise
from ..core.evaluation_permissions import can_award
from ..core.extensions import db
from ..core.permissions import can_manage
from ..leaderboards.ranking import wilson_lower_bound
from ..models import (
    AWARD_PLACES,
    Award,
    Challenge,
    EvaluationCriterion,
    EvaluationNote,
    EvaluationScore,
    Evaluator,
    Solution,
    User,
)
from ..notifications import service as notifications
from .scoring import MAX_SCORE, MIN_SCORE
from .setup import EvaluationError, criteria_of, evaluators_of

# --- ranking ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionWeight:
    id: int
    weight: int


@dataclass(frozen=True)
class ScoreRow:
    evaluator_id: int
    solution_id: int
    criterion_id: int
    value: int


@dataclass(frozen=True)
class VotedSolution:
    id: int
    votes_up: int
    votes_down: int


@dataclass(frozen=True)
class Ranked:
    solution_id: int
    total: float  # 0 to 100 points
    jury: float | None  # the weighted mean of the criteria's means, 1 to 5; None without scores
    popular: float  # the Wilson lower bound, 0 to 1
    evaluator_count: int
    spread: float | None  # highest minus lowest evaluator's weighted mean, 1 to 5 scale
    criterion_means: dict[int, float] = field(default_factory=dict)


def _weighted_mean(values: dict[int, float], weights: dict[int, int]) -> float | None:
    used = [criterion for criterion in values if criterion in weights]
    total_weight = sum(weights[criterion] for criterion in used)
    if not total_weight:
        return None
    return sum(weights[criterion] * values[criterion] for criterion in used) / total_weight


def rank(
    criteria: Iterable[CriterionWeight],
    scores: Iterable[ScoreRow],
    solutions: Iterable[VotedSolution],
    popular_weight: int,
) -> list[Ranked]:
    """The ranking by weighted score (see the module's docstring), best first; ties by more +1 votes, then older."""
    weights = {criterion.id: criterion.weight for criterion in criteria}
    by_solution: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))  # sol -> ev -> crit
    for row in scores:
        by_solution[row.solution_id][row.evaluator_id][row.criterion_id] = row.value
    share = popular_weight / 100
    ranked = []
    votes = {}
    for solution in solutions:
        votes[solution.id] = solution.votes_up
        per_evaluator = by_solution.get(solution.id, {})
        per_criterion: dict[int, list[int]] = defaultdict(list)
        for given in per_evaluator.values():
            for criterion_id, value in given.items():
                per_criterion[criterion_id].append(value)
        means = {criterion_id: sum(values) / len(values) for criterion_id, values in per_criterion.items()}
        jury = _weighted_mean(means, weights)
        evaluator_means = [
            mean for given in per_evaluator.values() if (mean := _weighted_mean(dict(given), weights)) is not None
        ]
        spread = max(evaluator_means) - min(evaluator_means) if evaluator_means else None
        popular = wilson_lower_bound(solution.votes_up, solution.votes_down)
        jury_share = (jury - MIN_SCORE) / (MAX_SCORE - MIN_SCORE) if jury is not None else 0.0
        total = 100 * ((1 - share) * jury_share + share * popular)
        ranked.append(Ranked(solution.id, total, jury, popular, len(evaluator_means), spread, means))
    return sorted(ranked, key=lambda item: (-item.total, -votes[item.solution_id], item.solution_id))


@dataclass(frozen=True)
class ResultRow:
    solution: Solution
    ranked: Ranked
    award: Award | None
    by_evaluator: dict[int, dict[int, int]]  # evaluator id -> criterion id -> score
    notes: dict[int, str]  # evaluator id -> note


@dataclass(frozen=True)
class StaffResults:
    criteria: list[EvaluationCriterion]
    evaluators: list[Evaluator]
    rows: list[ResultRow]


def staff_results(challenge: Challenge) -> StaffResults:
    """The ranking of the challenge's published solutions with every evaluator's scores and notes."""
    criteria = criteria_of(challenge)
    evaluators = evaluators_of(challenge)
    solutions = list(
        db.session.scalars(
            select(Solution)
            .options(joinedload(Solution.author))
            .where(Solution.challenge_id == challenge.id, Solution.status == "published")
        )
    )
    ids = [solution.id for solution in solutions]
    score_rows = [
        ScoreRow(*row)
        for row in db.session.execute(
            select(
                EvaluationScore.evaluator_id,
                EvaluationScore.solution_id,
                EvaluationScore.criterion_id,
                EvaluationScore.value,
            ).where(EvaluationScore.solution_id.in_(ids))
        )
    ]
    notes: dict[int, dict[int, str]] = defaultdict(dict)
    for evaluator_id, solution_id, body in db.session.execute(
        select(EvaluationNote.evaluator_id, EvaluationNote.solution_id, EvaluationNote.body).where(
            EvaluationNote.solution_id.in_(ids), EvaluationNote.body != ""
        )
    ):
        notes[solution_id][evaluator_id] = body
    given: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in score_rows:
        given[row.solution_id][row.evaluator_id][row.criterion_id] = row.value
    ranking = rank(
        [CriterionWeight(c.id, c.weight) for c in criteria],
        score_rows,
        [VotedSolution(s.id, s.votes_up, s.votes_down) for s in solutions],
        challenge.popular_weight,
    )
    by_id = {solution.id: solution for solution in solutions}
    awards = {award.solution_id: award for award in awards_of_challenge(challenge)}
    rows = [
        ResultRow(
            by_id[item.solution_id],
            item,
            awards.get(item.solution_id),
            {ev: dict(values) for ev, values in given[item.solution_id].items()},
            notes.get(item.solution_id, {}),
        )
        for item in ranking
    ]
    return StaffResults(criteria, evaluators, rows)


# --- awards -------------------------------------------------------------------------------------------


def awards_of_challenge(challenge: Challenge) -> list[Award]:
    """The challenge's awards, first place first, mentions last."""
    awards = db.session.scalars(
        select(Award).options(joinedload(Award.solution)).where(Award.challenge_id == challenge.id)
    )
    return sorted(awards, key=lambda award: (list(AWARD_PLACES).index(award.place), award.id))


def refuse_awarding(user: User, challenge: Challenge) -> None:
    """Raise unless `user` may name or take back the challenge's winners now."""
    if not can_manage(user, challenge):
        raise PermissionDenied(_("Solo il personale dell'amministrazione della sfida può indicare i vincitori."))
    if not can_award(user, challenge):
        raise EvaluationError(_("I vincitori si indicano mentre la sfida è in valutazione."))


def add_award(user: User, challenge: Challenge, solution_id: int, place: str, motivation: str) -> Award:
    """Mark a published solution of the challenge as a winner; places 1 to 3 go to one solution each."""
    refuse_awarding(user, challenge)
    if place not in AWARD_PLACES:
        raise EvaluationError(_("Scegli un posto valido."), field="place")
    if not motivation.strip():
        raise EvaluationError(_("Scrivi la motivazione: sarà pubblica."), field="motivation")
    solution = db.session.get(Solution, solution_id)
    if solution is None or solution.challenge_id != challenge.id or not solution.is_published:
        raise EvaluationError(_("Scegli una soluzione pubblicata di questa sfida."), field="solution_id")
    existing = {award.place: award for award in awards_of_challenge(challenge)}
    if place != "mention" and place in existing:
        raise EvaluationError(_("Questo posto è già assegnato: rimuovi prima il premio."), field="place")
    if any(award.solution_id == solution_id for award in existing.values()) or db.session.scalar(
        select(Award.id).where(Award.solution_id == solution_id)
    ):
        raise EvaluationError(_("Questa soluzione ha già un premio."), field="solution_id")
    award = Award(
        challenge_id=challenge.id,
        solution_id=solution_id,
        place=place,
        motivation=motivation.strip(),
        created_by_id=user.id,
    )
    db.session.add(award)
    commit_or_raise(EvaluationError(_("Questa soluzione ha già un premio."), field="solution_id"))
    return award


def delete_award(user: User, challenge: Challenge, award: Award) -> None:
    """Take a winner back, while the challenge is under evaluation."""
    refuse_awarding(user, challenge)
    db.session.delete(award)
    db.session.commit()


def public_awards_of(solution_ids: list[int]) -> dict[int, Award]:
    """Solution id -> its award, for the solutions whose challenge is closed (badges in lists)."""
    if not solution_ids:
        return {}
    rows = db.session.scalars(
        select(Award)
        .join(Challenge, Challenge.id == Award.challenge_id)
        .where(Award.solution_id.in_(solution_ids), Challenge.status == "closed")
    )
    return {award.solution_id: award for award in rows}


# --- published results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicResults:
    awards: list[Award]
    criteria: list[EvaluationCriterion]
    popular_weight: int
    solution_count: int  # published solutions, all of which were ranked
    evaluated_count: int  # of those, the ones at least one evaluator scored
    evaluator_count: int  # evaluators who scored at least one of them


def public_results(challenge: Challenge) -> PublicResults | None:
    """What the "Esito" section shows, once the challenge is closed; None before.

    Both counts of the jury's work come from the same scores (of published solutions): solutions
    evaluated and people who evaluated are both zero or both not."""
    if challenge.status != "closed":
        return None
    evaluated_count, evaluator_count = db.session.execute(
        select(
            func.count(func.distinct(EvaluationScore.solution_id)),
            func.count(func.distinct(EvaluationScore.evaluator_id)),
        )
        .join(Solution, Solution.id == EvaluationScore.solution_id)
        .where(Solution.challenge_id == challenge.id, Solution.status == "published")
    ).one()
    return PublicResults(
        awards_of_challenge(challenge),
        criteria_of(challenge),
        challenge.popular_weight,
        challenge.solution_count,
        int(evaluated_count or 0),
        int(evaluator_count or 0),
    )


def announce_results(challenge: Challenge) -> None:
    """On closing: badge each winner, tell its author and the challenge's followers, in the caller's transaction."""
    awards = awards_of_challenge(challenge)
    for award in awards:
        award.solution.award_place = award.place
        notifications.notify_authors(award.solution, "award")
    if awards:
        notifications.notify_followers(challenge.id, 0, challenge.title, awards[0].solution_id, kind="results")
