"""An administration's workspace: its challenges, what waits for an official response, participation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, select, union
from sqlalchemy.orm import joinedload

from ..core.extensions import db
from ..models import (
    CHALLENGE_STATUSES,
    Administration,
    Challenge,
    Comment,
    CommentVote,
    OfficialResponse,
    Solution,
    SolutionCoauthor,
    SolutionVote,
    utcnow,
)

CHART_WEEKS = 12
# What still waits for the administration: no response yet, or a response that is only "under review".
AWAITING = ("none", "under_review")


def status_counts(administration: Administration) -> dict[str, int]:
    """How many of its challenges are in each status, every status listed."""
    rows = db.session.execute(
        select(Challenge.status, func.count())
        .where(Challenge.administration_id == administration.id)
        .group_by(Challenge.status)
    )
    counts = dict.fromkeys(CHALLENGE_STATUSES, 0)
    counts.update(dict(rows.all()))
    return counts


def challenges_of(administration: Administration) -> list[Challenge]:
    """Its challenges, newest first."""
    return list(
        db.session.scalars(
            select(Challenge)
            .where(Challenge.administration_id == administration.id)
            .order_by(Challenge.created_at.desc(), Challenge.id.desc())
        )
    )


def awaiting_response(
    administration: Administration, challenge_id: int | None = None, outcome: str | None = None
) -> Select:
    """Published solutions on its challenges without a final answer, oldest first.

    `outcome` narrows to "none" (no response yet) or "under_review".
    """
    statement = (
        select(Solution)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .outerjoin(OfficialResponse, OfficialResponse.solution_id == Solution.id)
        .options(joinedload(Solution.author), joinedload(Solution.challenge))
        .where(
            Challenge.administration_id == administration.id,
            Challenge.status != "draft",
            Solution.status == "published",
        )
        .order_by(Solution.created_at, Solution.id)
    )
    if outcome == "none":
        statement = statement.where(OfficialResponse.id.is_(None))
    elif outcome == "under_review":
        statement = statement.where(OfficialResponse.outcome == "under_review")
    else:
        statement = statement.where(OfficialResponse.id.is_(None) | (OfficialResponse.outcome == "under_review"))
    if challenge_id:
        statement = statement.where(Solution.challenge_id == challenge_id)
    return statement


@dataclass(frozen=True)
class Participation:
    challenge: Challenge
    solution_count: int
    comment_count: int
    participant_count: int  # distinct accounts that proposed, commented or voted
    vote_count: int
    weekly: list[tuple[date, int]]  # (Monday, solutions that week), the last CHART_WEEKS weeks


def _monday(moment: datetime | date) -> date:
    day = moment.date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


def _grouped(statement) -> dict[int, int]:
    return dict(db.session.execute(statement).all())


def participation(administration: Administration) -> list[Participation]:
    """Per challenge (public ones, newest first): solutions, comments, participants, votes and solutions per week."""
    challenges = [c for c in challenges_of(administration) if c.status != "draft"]
    ids = [challenge.id for challenge in challenges]
    if not ids:
        return []
    visible = (Solution.status == "published") & Solution.challenge_id.in_(ids)
    solution_votes = _grouped(
        select(Solution.challenge_id, func.count())
        .join(SolutionVote, SolutionVote.solution_id == Solution.id)
        .where(visible, SolutionVote.value != 0)
        .group_by(Solution.challenge_id)
    )
    comment_votes = _grouped(
        select(Solution.challenge_id, func.count())
        .join(Comment, Comment.solution_id == Solution.id)
        .join(CommentVote, CommentVote.comment_id == Comment.id)
        .where(visible, Comment.status == "published", CommentVote.value != 0)
        .group_by(Solution.challenge_id)
    )
    people = union(
        select(Solution.challenge_id, Solution.author_id.label("person")).where(visible),
        select(Solution.challenge_id, SolutionCoauthor.user_id)
        .join(SolutionCoauthor, SolutionCoauthor.solution_id == Solution.id)
        .where(visible),
        select(Solution.challenge_id, Comment.author_id)
        .join(Comment, Comment.solution_id == Solution.id)
        .where(visible, Comment.status == "published"),
        select(Solution.challenge_id, SolutionVote.user_id)
        .join(SolutionVote, SolutionVote.solution_id == Solution.id)
        .where(visible, SolutionVote.value != 0),
    ).subquery()
    participants = _grouped(
        select(people.c.challenge_id, func.count(people.c.person.distinct())).group_by(people.c.challenge_id)
    )
    first_week = _monday(utcnow()) - timedelta(weeks=CHART_WEEKS - 1)
    weekly: dict[int, dict[date, int]] = {challenge_id: {} for challenge_id in ids}
    for challenge_id, created_at in db.session.execute(
        select(Solution.challenge_id, Solution.created_at).where(visible, Solution.created_at >= first_week)
    ):
        week = _monday(created_at)
        weekly[challenge_id][week] = weekly[challenge_id].get(week, 0) + 1
    weeks = [first_week + timedelta(weeks=n) for n in range(CHART_WEEKS)]
    return [
        Participation(
            challenge=challenge,
            solution_count=challenge.solution_count,
            comment_count=challenge.comment_count,
            participant_count=participants.get(challenge.id, 0),
            vote_count=solution_votes.get(challenge.id, 0) + comment_votes.get(challenge.id, 0),
            weekly=[(week, weekly[challenge.id].get(week, 0)) for week in weeks],
        )
        for challenge in challenges
    ]
