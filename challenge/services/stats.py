"""The FORUM PA statistics box: number of solutions, latest, best-voted, most proactive."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select

from ..extensions import db
from ..models import Administration, Challenge, Solution


@dataclass(frozen=True)
class SolutionLink:
    id: int
    title: str


@dataclass(frozen=True)
class AdministrationLink:
    slug: str
    name: str


@dataclass(frozen=True)
class Statistics:
    solution_count: int
    latest: SolutionLink | None
    best_voted: SolutionLink | None
    most_proactive: AdministrationLink | None


def _visible_solutions() -> Select:
    return (
        select(Solution.id, Solution.title)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Solution.status == "published", Challenge.status != "draft")
    )


def _first_solution(statement: Select) -> SolutionLink | None:
    row = db.session.execute(statement.limit(1)).first()
    return SolutionLink(row.id, row.title) if row else None


def _most_proactive() -> AdministrationLink | None:
    # Until official responses exist, an administration's proactivity is the challenges it opened.
    row = db.session.execute(
        select(Administration.slug, Administration.name)
        .join(Challenge, Challenge.administration_id == Administration.id)
        .where(Challenge.status != "draft")
        .group_by(Administration.id, Administration.slug, Administration.name)
        .order_by(func.count(Challenge.id).desc(), Administration.name)
        .limit(1)
    ).first()
    return AdministrationLink(row.slug, row.name) if row else None


def site_statistics() -> Statistics:
    """The box on the home page."""
    count = db.session.scalar(
        select(func.coalesce(func.sum(Challenge.solution_count), 0)).where(Challenge.status != "draft")
    )
    return Statistics(
        solution_count=int(count),
        latest=_first_solution(_visible_solutions().order_by(Solution.created_at.desc(), Solution.id.desc())),
        best_voted=None,
        most_proactive=_most_proactive(),
    )


def challenge_statistics(challenge: Challenge) -> Statistics:
    """The box on a challenge page, for that challenge alone."""
    latest = _first_solution(
        _visible_solutions()
        .where(Solution.challenge_id == challenge.id)
        .order_by(Solution.created_at.desc(), Solution.id.desc())
    )
    administration = challenge.administration
    return Statistics(
        solution_count=challenge.solution_count,
        latest=latest,
        best_voted=None,
        most_proactive=AdministrationLink(administration.slug, administration.name),
    )
