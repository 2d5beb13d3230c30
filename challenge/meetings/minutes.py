"""The minutes of a meeting, written by its organisers once it is over, and the solutions discussed there."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..core import audit
from ..core.errors import PermissionDenied, ServiceError
from ..core.extensions import db
from ..models import Challenge, Meeting, Solution, User, meeting_solutions
from ..text.clock import now_as_stored
from ..text.markup import render_markdown
from .service import MeetingError, can_edit, is_over, public_meetings

MAX_CHOICES = 300  # a lab's challenges may have many solutions: the newest are the ones a meeting discusses


def _visible_solutions() -> Select:
    return (
        select(Solution)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Solution.is_visible)
        .options(joinedload(Solution.challenge))
    )


def solutions_to_choose(meeting: Meeting) -> list[Solution]:
    """The visible solutions of the meeting's challenge, or of its lab's challenges, newest first."""
    statement = _visible_solutions()
    if meeting.challenge_id is not None:
        statement = statement.where(Solution.challenge_id == meeting.challenge_id)
    else:
        statement = statement.where(Challenge.lab_id == meeting.lab_id)
    return list(db.session.scalars(statement.order_by(Solution.id.desc()).limit(MAX_CHOICES)))


def discussed_solutions(meeting: Meeting) -> list[Solution]:
    """The solutions the minutes link that are still visible (hidden or withdrawn ones drop out)."""
    return discussed_by_meeting([meeting.id]).get(meeting.id, [])


def discussed_by_meeting(meeting_ids: list[int]) -> dict[int, list[Solution]]:
    """The visible solutions discussed at each of these meetings, in one query."""
    found: dict[int, list[Solution]] = {}
    if not meeting_ids:
        return found
    rows = db.session.execute(
        _visible_solutions()
        .add_columns(meeting_solutions.c.meeting_id)
        .join(meeting_solutions, meeting_solutions.c.solution_id == Solution.id)
        .where(meeting_solutions.c.meeting_id.in_(meeting_ids))
        .order_by(meeting_solutions.c.meeting_id, Solution.id)
    )
    for solution, meeting_id in rows:
        found.setdefault(meeting_id, []).append(solution)
    return found


def meetings_discussing(solution: Solution) -> list[Meeting]:
    """The public meetings whose minutes link the solution, latest first."""
    linked = select(meeting_solutions.c.meeting_id).where(meeting_solutions.c.solution_id == solution.id)
    statement = public_meetings().where(Meeting.id.in_(linked))
    return list(db.session.scalars(statement.order_by(Meeting.starts_at.desc(), Meeting.id.desc())))


def refusal_to_write_minutes(actor: User, meeting: Meeting) -> ServiceError | None:
    """Why `actor` may not write the minutes now: not an organiser, or the meeting is not over yet."""
    if not can_edit(actor, meeting):
        return PermissionDenied(_("Solo chi organizza l'incontro può scriverne il verbale."))
    if not is_over(meeting):
        return MeetingError(_("Il verbale si può scrivere quando l'incontro è finito, non prima."))
    return None


def write_minutes(actor: User, meeting: Meeting, body: str, solution_ids: list[int]) -> Meeting:
    """Write or replace the minutes of a meeting that is over, with the solutions discussed; logged in the audit log."""
    refusal = refusal_to_write_minutes(actor, meeting)
    if refusal is not None:
        raise refusal
    body = body.strip()
    if not body:
        raise MeetingError(_("Scrivi il verbale dell'incontro."), field="body")
    choices = {solution.id: solution for solution in solutions_to_choose(meeting)}
    if any(solution_id not in choices for solution_id in solution_ids):
        raise MeetingError(_("Scegli soltanto tra le soluzioni elencate."), field="solutions")
    before = {"minutes": meeting.minutes, "solutions": [solution.id for solution in meeting.solutions]}
    chosen = sorted(set(solution_ids))
    # Linked solutions that are no longer visible are not offered again, but stay linked: hiding is reversible.
    kept = [solution for solution in meeting.solutions if solution.id not in choices]
    meeting.solutions = [*kept, *(choices[solution_id] for solution_id in chosen)]
    meeting.minutes, meeting.minutes_html, meeting.minutes_at = body, render_markdown(body), now_as_stored()
    after = {"minutes": body, "solutions": sorted(solution.id for solution in meeting.solutions)}
    changes = audit.differences(before, after)
    if changes:
        audit.record(actor, "meeting_minutes", "meeting", meeting.id, meeting.title, changes=changes)
    db.session.commit()
    return meeting


def form_data(meeting: Meeting) -> dict:
    """The minutes form as it starts: the minutes so far and the solutions linked."""
    return {"body": meeting.minutes, "solutions": [solution.id for solution in meeting.solutions]}
