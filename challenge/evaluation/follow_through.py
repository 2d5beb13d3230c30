"""Follow-through of a solution after the challenge: its milestones and, when all are done, the outcome."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.errors import PermissionDenied
from ..core.evaluation_permissions import can_manage_milestones
from ..core.extensions import db
from ..core.permissions import can_manage
from ..models import (
    MILESTONE_STATUSES,
    Award,
    Milestone,
    OfficialResponse,
    OfficialResponseRevision,
    Solution,
    User,
    utcnow,
)
from ..notifications import service as notifications
from ..text.markup import render_markdown
from .setup import EvaluationError


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


def refuse_milestone_change(user: User, solution: Solution) -> None:
    """Raise unless `user` may add, change or remove the solution's milestones."""
    if not can_manage(user, solution.challenge):
        raise PermissionDenied(_("Solo il personale dell'amministrazione della sfida può aggiornarne l'attuazione."))
    if not follow_through_allowed(user, solution):
        raise EvaluationError(_("Le tappe si aggiungono solo a soluzioni premiate (a sfida chiusa) o accolte."))


def _check_milestone(user: User, solution: Solution, data: MilestoneInput) -> None:
    refuse_milestone_change(user, solution)
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


def _revise(response: OfficialResponse, user: User, outcome: str, body: str) -> None:
    """Change the response keeping the version it replaces as a revision."""
    db.session.add(
        OfficialResponseRevision(
            response_id=response.id, author_id=response.author_id, outcome=response.outcome, body=response.body
        )
    )
    response.outcome = outcome
    response.body = body
    response.body_html = render_markdown(body)
    response.author_id = user.id
    response.updated_at = utcnow()


def _take_back(user: User, response: OfficialResponse) -> None:
    """An implemented solution has a step still open: back to the last version that was not `implemented`."""
    earlier = db.session.scalar(
        select(OfficialResponseRevision)
        .where(OfficialResponseRevision.response_id == response.id, OfficialResponseRevision.outcome != "implemented")
        .order_by(OfficialResponseRevision.id.desc())
        .limit(1)
    )
    if earlier is not None:
        _revise(response, user, earlier.outcome, earlier.body)
    else:
        _revise(
            response, user, "accepted", _("Non tutte le tappe previste sono completate: la realizzazione è in corso.")
        )


def _settle_outcome(user: User, solution: Solution) -> None:
    """The outcome is `implemented` exactly while every milestone is done (and there is at least one)."""
    db.session.flush()
    statuses = list(db.session.scalars(select(Milestone.status).where(Milestone.solution_id == solution.id)))
    if not statuses:
        return
    response = db.session.scalar(select(OfficialResponse).where(OfficialResponse.solution_id == solution.id))
    if not all(status == "done" for status in statuses):
        if response is not None and response.outcome == "implemented":
            _take_back(user, response)
        return
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
        _revise(response, user, "implemented", response.body)


def _after_milestone_change(user: User, solution: Solution) -> None:
    """The outcome follows the milestones; followers and the author hear of it."""
    _settle_outcome(user, solution)
    notifications.notify_authors(solution, "milestone")
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
    refuse_milestone_change(user, solution)
    db.session.delete(milestone)
    db.session.commit()
    return solution
