"""Evaluating a challenge: set-up, scoring, the staff's ranking, awards, published results, follow-through.

The weighted score of a solution (0 to 100 points), documented on the results page and in docs/evaluation.md:

- jury: for each criterion, the mean of the evaluators' scores (1 to 5); then the mean of those means
  weighted by the criteria's weights, over the criteria that have scores; then scaled from 1..5 to 0..1;
- popular: the Wilson lower bound (95 %) of the share of +1 votes, already in 0..1 (services.ranking);
- total = 100 × ((1 − p) × jury + p × popular), p being the popular vote's weight (0 to 50 %).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import joinedload

from ..account.invitations import create_juror_invitation
from ..account.service import find_by_email
from ..core.email_addresses import INVALID_EMAIL, valid_email
from ..core.errors import InvalidInput, PermissionDenied, ServiceError, commit_or_raise
from ..core.extensions import db
from ..core.permissions import (
    can_award,
    can_manage,
    can_manage_milestones,
    can_set_up_evaluation,
    evaluator_id_of,
    refusal_to_score,
    refuse_unless_allowed,
)
from ..leaderboards.ranking import wilson_lower_bound
from ..models import (
    AWARD_PLACES,
    DEFAULT_CRITERIA,
    MILESTONE_STATUSES,
    Award,
    Challenge,
    EvaluationCriterion,
    EvaluationNote,
    EvaluationScore,
    Evaluator,
    Milestone,
    OfficialResponse,
    OfficialResponseRevision,
    Solution,
    User,
    utcnow,
)
from ..notifications import service as notifications
from ..text.markup import render_markdown

MAX_POPULAR_WEIGHT = 50
MIN_SCORE, MAX_SCORE = 1, 5


class EvaluationError(ServiceError):
    """An evaluation operation was refused."""


def _refuse_set_up(user: User, challenge: Challenge) -> None:
    if not can_manage(user, challenge):
        raise PermissionDenied(_("Solo il personale dell'amministrazione della sfida può impostarne la valutazione."))
    if not can_set_up_evaluation(user, challenge):
        raise EvaluationError(_("La valutazione si imposta solo finché la sfida è in bozza o aperta."))


# --- set-up -------------------------------------------------------------------------------------------


def criteria_of(challenge: Challenge) -> list[EvaluationCriterion]:
    """The challenge's criteria, in the order they were added."""
    return list(
        db.session.scalars(
            select(EvaluationCriterion)
            .where(EvaluationCriterion.challenge_id == challenge.id)
            .order_by(EvaluationCriterion.id)
        )
    )


def ensure_default_criteria(challenge: Challenge) -> None:
    """Give a challenge without criteria the default set, each of weight 1, in the caller's transaction."""
    if criteria_of(challenge):
        return
    for name, description in DEFAULT_CRITERIA:
        db.session.add(
            EvaluationCriterion(challenge_id=challenge.id, name=str(name), description=str(description), weight=1)
        )


def set_popular_weight(user: User, challenge: Challenge, weight: int) -> Challenge:
    """Save the popular vote's weight (0 to 50 %); a challenge without criteria gets the default ones."""
    _refuse_set_up(user, challenge)
    if not 0 <= weight <= MAX_POPULAR_WEIGHT:
        raise EvaluationError(_("Il peso del voto popolare è un numero da 0 a 50."), field="popular_weight")
    challenge.popular_weight = weight
    ensure_default_criteria(challenge)
    db.session.commit()
    return challenge


def add_criterion(user: User, challenge: Challenge, name: str, description: str, weight: int) -> EvaluationCriterion:
    """Add a criterion with its weight (1 to 100)."""
    _refuse_set_up(user, challenge)
    if not name.strip():
        raise EvaluationError(_("Il criterio deve avere un nome."), field="name")
    if not 1 <= weight <= 100:
        raise EvaluationError(_("Il peso va da 1 a 100."), field="weight")
    criterion = EvaluationCriterion(
        challenge_id=challenge.id, name=name.strip(), description=description.strip(), weight=weight
    )
    db.session.add(criterion)
    db.session.commit()
    return criterion


def delete_criterion(user: User, challenge: Challenge, criterion: EvaluationCriterion) -> None:
    """Remove a criterion (and any score given on it)."""
    _refuse_set_up(user, challenge)
    db.session.delete(criterion)
    db.session.commit()


def evaluators_of(challenge: Challenge) -> list[Evaluator]:
    """The challenge's evaluators, with their accounts when they have one."""
    return list(
        db.session.scalars(
            select(Evaluator)
            .options(joinedload(Evaluator.user))
            .where(Evaluator.challenge_id == challenge.id)
            .order_by(Evaluator.id)
        )
    )


@dataclass(frozen=True)
class AddedEvaluator:
    evaluator: Evaluator
    invited: bool  # an invitation link was emailed (no account had the address)


def add_evaluator(
    user: User, challenge: Challenge, email: str, invitation_link: Callable[[str], str]
) -> AddedEvaluator:
    """Make the account with this email an evaluator, or invite the address by email to join the jury."""
    _refuse_set_up(user, challenge)
    address = valid_email(email)
    if address is None:
        raise EvaluationError(str(INVALID_EMAIL), field="email")
    email = address
    if db.session.scalar(select(Evaluator.id).where(Evaluator.challenge_id == challenge.id, Evaluator.email == email)):
        raise EvaluationError(_("Questa persona valuta già la sfida."), field="email")
    account = find_by_email(email)
    evaluator = Evaluator(challenge_id=challenge.id, email=email)
    if account is not None:
        if account.is_suspended:
            raise EvaluationError(_("Questo account è sospeso."), field="email")
        evaluator.user_id = account.id
    else:
        evaluator.invitation_id = create_juror_invitation(user, email, challenge, invitation_link).invitation.id
    db.session.add(evaluator)
    ensure_default_criteria(challenge)
    commit_or_raise(EvaluationError(_("Questa persona valuta già la sfida."), field="email"))
    return AddedEvaluator(evaluator, invited=account is None)


def remove_evaluator(user: User, challenge: Challenge, evaluator: Evaluator) -> None:
    """Remove an evaluator (and the scores they gave)."""
    _refuse_set_up(user, challenge)
    db.session.delete(evaluator)
    db.session.commit()


# --- scoring ------------------------------------------------------------------------------------------


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


def inbox(user: User) -> list[InboxItem]:
    """The challenges the account evaluates, with how many solutions they scored and how many are left."""
    if not user.is_authenticated:
        return []
    rows = db.session.execute(
        select(Evaluator.id, Challenge)
        .join(Challenge, Challenge.id == Evaluator.challenge_id)
        .where(Evaluator.user_id == user.id, Challenge.status != "draft")
        .order_by(Challenge.deadline, Challenge.id)
    ).all()
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


def add_award(user: User, challenge: Challenge, solution_id: int, place: str, motivation: str) -> Award:
    """Mark a published solution of the challenge as a winner; places 1 to 3 go to one solution each."""
    if not can_manage(user, challenge):
        raise PermissionDenied(_("Solo il personale dell'amministrazione della sfida può indicare i vincitori."))
    if not can_award(user, challenge):
        raise EvaluationError(_("I vincitori si indicano mentre la sfida è in valutazione."))
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
    if not can_manage(user, challenge):
        raise PermissionDenied(_("Solo il personale dell'amministrazione della sfida può indicare i vincitori."))
    if not can_award(user, challenge):
        raise EvaluationError(_("I vincitori si indicano mentre la sfida è in valutazione."))
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
    solution_count: int
    evaluator_count: int  # evaluators who scored at least one solution


def public_results(challenge: Challenge) -> PublicResults | None:
    """What the "Esito" section shows, once the challenge is closed; None before."""
    if challenge.status != "closed":
        return None
    evaluator_count = db.session.scalar(
        select(func.count(func.distinct(EvaluationScore.evaluator_id)))
        .join(Evaluator, Evaluator.id == EvaluationScore.evaluator_id)
        .where(Evaluator.challenge_id == challenge.id)
    )
    return PublicResults(
        awards_of_challenge(challenge),
        criteria_of(challenge),
        challenge.popular_weight,
        challenge.solution_count,
        int(evaluator_count or 0),
    )


def announce_results(challenge: Challenge) -> None:
    """On closing: badge each winner, tell its author and the challenge's followers, in the caller's transaction."""
    awards = awards_of_challenge(challenge)
    for award in awards:
        award.solution.award_place = award.place
        notifications.notify(award.solution.author, "award", award.solution.title, award.solution_id)
    if awards:
        notifications.notify_followers(challenge.id, 0, challenge.title, awards[0].solution_id, kind="results")


# --- follow-through -----------------------------------------------------------------------------------


def milestones_of(solution_ids: list[int]) -> dict[int, list[Milestone]]:
    """Solution id -> its milestones by date."""
    if not solution_ids:
        return {}
    found: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in db.session.scalars(
        select(Milestone).where(Milestone.solution_id.in_(solution_ids)).order_by(Milestone.due_on, Milestone.id)
    ):
        found[milestone.solution_id].append(milestone)
    return dict(found)


def follow_through_allowed(user: User, solution: Solution) -> bool:
    """May add and change the solution's milestones."""
    outcome = db.session.scalar(select(OfficialResponse.outcome).where(OfficialResponse.solution_id == solution.id))
    has_award = db.session.scalar(select(Award.id).where(Award.solution_id == solution.id)) is not None
    return can_manage_milestones(user, solution, has_award, outcome)


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_on: date
    status: str
    body: str
    progress: int


def _check_milestone(user: User, solution: Solution, data: MilestoneInput) -> None:
    if not can_manage(user, solution.challenge):
        raise PermissionDenied(_("Solo il personale dell'amministrazione della sfida può aggiornarne l'attuazione."))
    if not follow_through_allowed(user, solution):
        raise EvaluationError(_("Le tappe si aggiungono solo a soluzioni premiate (a sfida chiusa) o accolte."))
    if data.status not in MILESTONE_STATUSES:
        raise EvaluationError(_("Scegli uno stato valido."), field="status")
    if not 0 <= data.progress <= 100:
        raise EvaluationError(_("L'avanzamento è un numero da 0 a 100."), field="progress")
    if not data.title.strip():
        raise EvaluationError(_("La tappa deve avere un titolo."), field="title")


def _apply(milestone: Milestone, data: MilestoneInput) -> None:
    now = utcnow()
    if data.status == "done" and milestone.status != "done":
        milestone.completed_at = now
    elif data.status != "done":
        milestone.completed_at = None
    milestone.title = data.title.strip()
    milestone.due_on = data.due_on
    milestone.status = data.status
    milestone.body = data.body
    milestone.body_html = render_markdown(data.body)
    milestone.progress = 100 if data.status == "done" else data.progress
    milestone.updated_at = now


def _after_milestone_change(user: User, solution: Solution) -> None:
    """Followers and the author hear of it; when every milestone is done, the outcome becomes `implemented`."""
    db.session.flush()
    statuses = list(db.session.scalars(select(Milestone.status).where(Milestone.solution_id == solution.id)))
    if statuses and all(status == "done" for status in statuses):
        response = db.session.scalar(select(OfficialResponse).where(OfficialResponse.solution_id == solution.id))
        if response is None:
            body = _("Tutte le tappe previste sono state completate: la soluzione è realizzata.")
            db.session.add(
                OfficialResponse(
                    solution_id=solution.id,
                    administration_id=solution.challenge.administration_id,
                    author_id=user.id,
                    outcome="implemented",
                    body=body,
                    body_html=render_markdown(body),
                )
            )
        elif response.outcome != "implemented":
            db.session.add(
                OfficialResponseRevision(
                    response_id=response.id, author_id=response.author_id, outcome=response.outcome, body=response.body
                )
            )
            response.outcome = "implemented"
            response.author_id = user.id
            response.updated_at = utcnow()
    notifications.notify(solution.author, "milestone", solution.title, solution.id)
    notifications.notify_followers(solution.challenge_id, solution.author_id, solution.title, solution.id, "milestone")


def add_milestone(user: User, solution: Solution, data: MilestoneInput) -> Milestone:
    """Add a step to the solution's follow-through."""
    _check_milestone(user, solution, data)
    milestone = Milestone(solution_id=solution.id)
    _apply(milestone, data)
    db.session.add(milestone)
    _after_milestone_change(user, solution)
    db.session.commit()
    return milestone


def edit_milestone(user: User, milestone: Milestone, data: MilestoneInput) -> Milestone:
    """Change a step (its status, progress, date, text)."""
    solution = db.session.get_one(Solution, milestone.solution_id)
    _check_milestone(user, solution, data)
    _apply(milestone, data)
    _after_milestone_change(user, solution)
    db.session.commit()
    return milestone


def delete_milestone(user: User, milestone: Milestone) -> Solution:
    """Remove a step."""
    solution = db.session.get_one(Solution, milestone.solution_id)
    if not can_manage(user, solution.challenge):
        raise PermissionDenied(_("Solo il personale dell'amministrazione della sfida può aggiornarne l'attuazione."))
    if not follow_through_allowed(user, solution):
        raise EvaluationError(_("Le tappe si aggiungono solo a soluzioni premiate (a sfida chiusa) o accolte."))
    db.session.delete(milestone)
    db.session.commit()
    return solution
