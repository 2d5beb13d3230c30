"""The FORUM PA statistics box: number of solutions, latest, best-voted, most proactive."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select

from ..cache.entries import cached
from ..cache.scopes import CONTENT, VOTES
from ..cache.serial import cacheable
from ..core.extensions import db
from ..models import Challenge, Solution
from ..solutions.service import SOLUTION_SORTS
from .service import proactive_administrations


@cacheable
@dataclass(frozen=True)
class SolutionLink:
    id: int
    title: str


@cacheable
@dataclass(frozen=True)
class AdministrationLink:
    slug: str
    name: str


@cacheable
@dataclass(frozen=True)
class Statistics:
    solution_count: int
    latest: SolutionLink | None
    best_voted: SolutionLink | None
    most_proactive: AdministrationLink | None


def _visible_solutions(rule=Solution.is_visible) -> Select:
    return select(Solution.id, Solution.title).join(Challenge, Challenge.id == Solution.challenge_id).where(rule)


def _first_solution(statement: Select) -> SolutionLink | None:
    row = db.session.execute(statement.limit(1)).first()
    return SolutionLink(row.id, row.title) if row else None


def _most_proactive() -> AdministrationLink | None:
    scores = proactive_administrations("all", 1)
    return AdministrationLink(scores[0].slug, scores[0].name) if scores else None


def site_statistics() -> Statistics:
    """The box on the home page."""
    count = db.session.execute(
        select(func.coalesce(func.sum(Challenge.solution_count), 0)).where(Challenge.is_public)
    ).scalar_one()
    return Statistics(
        solution_count=int(count),
        latest=_first_solution(_visible_solutions().order_by(*SOLUTION_SORTS["latest"])),
        best_voted=_first_solution(_visible_solutions().where(Solution.votes_up > 0).order_by(*SOLUTION_SORTS["best"])),
        most_proactive=_most_proactive(),
    )


def shared_site_statistics() -> Statistics:
    """The home page's box, cached for every reader and the API alike."""
    return cached("home-statistics", [CONTENT, VOTES], site_statistics)


def challenge_statistics(challenge: Challenge) -> Statistics:
    """The box on a challenge page, for that challenge alone. It names no most proactive administration:
    on one challenge that would always be the challenge's own, which its page already names."""
    # Its readers passed core.visibility: on a private challenge they see what it holds, as its counters count.
    of_challenge = _visible_solutions(Solution.is_listed).where(Solution.challenge_id == challenge.id)
    return Statistics(
        solution_count=challenge.solution_count,
        latest=_first_solution(of_challenge.order_by(*SOLUTION_SORTS["latest"])),
        best_voted=_first_solution(of_challenge.where(Solution.votes_up > 0).order_by(*SOLUTION_SORTS["best"])),
        most_proactive=None,
    )
