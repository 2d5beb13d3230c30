"""Leaderboards over a period: solutions by each ranking, administrations, contributors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import Select, func, or_, select, true, union_all
from sqlalchemy.orm import InstrumentedAttribute, joinedload

from ..cache.entries import cached
from ..cache.scopes import CONTENT, PUBLISHED, VOTES
from ..cache.serial import cacheable
from ..core.extensions import db
from ..models import Administration, Byline, Challenge, Comment, Milestone, OfficialResponse, PersonRef, Solution, User
from ..solutions.service import SOLUTION_SORTS
from ..text import clock

cacheable(PersonRef)  # cached leaderboard rows name their people by it
cacheable(Byline)  # and their solutions' authors

PERIODS = {"30d": timedelta(days=30), "12m": timedelta(days=365), "all": None}

# Most proactive administration: the formula shown on the leaderboards page.
POINTS_PER_CHALLENGE = 10
POINTS_PER_RESPONSE = 2
POINTS_FOR_FULL_ANSWER_SHARE = 30
POINTS_PER_MILESTONE = 5  # a completed milestone of a winning or accepted solution (issue 18)


@cacheable
@dataclass(frozen=True)
class AdministrationScore:
    slug: str
    name: str
    challenges_opened: int
    responses_published: int
    solutions_received: int
    solutions_answered: int
    milestones_completed: int = 0

    @property
    def answer_share(self) -> float:
        """Share of the solutions received or answered in the period that have an official response."""
        return self.solutions_answered / self.solutions_received if self.solutions_received else 0.0

    @property
    def points(self) -> int:
        return (
            POINTS_PER_CHALLENGE * self.challenges_opened
            + POINTS_PER_RESPONSE * self.responses_published
            + round(POINTS_FOR_FULL_ANSWER_SHARE * self.answer_share)
            + POINTS_PER_MILESTONE * self.milestones_completed
        )


@cacheable
@dataclass(frozen=True)
class Contributor:
    person: PersonRef
    net_votes: int


@cacheable
@dataclass(frozen=True)
class RankedSolution:
    id: int
    title: str
    byline: Byline
    challenge_title: str
    created_at: datetime
    votes_up: int
    votes_down: int
    award_place: str | None = None


@cacheable
@dataclass(frozen=True)
class Leaderboards:
    """The solution rankings the leaderboards page shows for one period, as plain values that can be cached."""

    latest: list[RankedSolution]
    best: list[RankedSolution]
    hot: list[RankedSolution]


def period_start(period: str) -> datetime | None:
    """The first moment of the period, None for all time."""
    span = PERIODS.get(period)
    return clock.now_as_stored() - span if span else None


def window_moves_at(period: str, *moments: InstrumentedAttribute[datetime | None]) -> datetime | None:
    """When the period, sliding with the clock, first leaves out a row it holds now: the earliest of these
    timestamps inside it, plus the period's length. None for all time, or when it holds none (then only a
    write, which the cache sees, adds one). A ranking of the period is kept no longer than that."""
    since, span = period_start(period), PERIODS.get(period)
    if since is None or span is None:
        return None
    earliest = db.session.execute(
        select(*(select(func.min(column)).where(column >= since).scalar_subquery() for column in moments))
    ).one()
    inside = [moment for moment in earliest if moment is not None]
    # A row stays in while the period starts at or before it: it is out just after its time plus the span.
    return (min(inside) + span + timedelta(microseconds=1)).replace(tzinfo=UTC) if inside else None


def visible_solutions(since: datetime | None) -> Select:
    """Published solutions on public challenges, optionally created since a moment."""
    statement = (
        select(Solution)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Solution.is_visible)
        .options(joinedload(Solution.author), joinedload(Solution.challenge))
    )
    return statement.where(Solution.created_at >= since) if since else statement


def top_solutions(sort: str, since: datetime | None, limit: int) -> list[Solution]:
    """The first solutions of the period in one of the rankings (latest, best, hot)."""
    return list(db.session.scalars(visible_solutions(since).order_by(*SOLUTION_SORTS[sort]).limit(limit)))


def _ranked(sort: str, since: datetime | None, limit: int) -> list[RankedSolution]:
    return [
        RankedSolution(
            s.id,
            s.title,
            s.byline,
            s.challenge.title,
            s.created_at,
            s.votes_up,
            s.votes_down,
            s.award_place,
        )
        for s in top_solutions(sort, since, limit)
    ]


def leaderboards(period: str, size: int) -> Leaderboards:
    """Every solution ranking of the period (a key of PERIODS), each cut to `size` entries."""
    since = period_start(period)
    return Leaderboards(
        latest=_ranked("latest", since, size), best=_ranked("best", since, size), hot=_ranked("hot", since, size)
    )


def shared_contributors(period: str, size: int) -> list[Contributor]:
    """The first `size` of top_contributors for the period, cached apart. Over 30 days or 12 months they
    read every visible solution and comment of the period, and every vote changes them: they are
    recomputed at most every CACHE_STALE_FOR seconds. All time reads the kept balances (an index scan)."""
    since = period_start(period)
    return cached(
        "contributors",
        [CONTENT, VOTES],
        lambda: top_contributors(since, size),
        period,
        size,
        refresh_every=current_app.config["CACHE_STALE_FOR"] if since else 0.0,
        until=lambda _: window_moves_at(period, Solution.created_at, Comment.created_at),
    )


def proactive_administrations(period: str, size: int) -> list[AdministrationScore]:
    """The first `size` of administration_scores for the period, cached apart: they read every visible
    solution of the period, and only publishing solutions or responses changes them, not votes or comments."""
    return cached(
        "administration-scores",
        [PUBLISHED],
        lambda: administration_scores(period_start(period))[:size],
        period,
        size,
        until=lambda _: window_moves_at(
            period, Challenge.opened_at, OfficialResponse.created_at, Solution.created_at, Milestone.completed_at
        ),
    )


def _grouped(statement: Select) -> dict[int, int]:
    return {key: int(count) for key, count in db.session.execute(statement)}


def administration_scores(since: datetime | None) -> list[AdministrationScore]:
    """Every administration with activity in the period, most proactive first."""

    def in_period(column):
        return column >= since if since else true()

    opened = _grouped(
        select(Challenge.administration_id, func.count())
        .where(Challenge.opened_at.is_not(None), in_period(Challenge.opened_at))
        .group_by(Challenge.administration_id)
    )
    # Responses count only on solutions still visible, like every other figure of the page.
    responses = _grouped(
        select(Challenge.administration_id, func.count())
        .select_from(OfficialResponse)
        .join(Solution, Solution.id == OfficialResponse.solution_id)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Solution.is_visible, in_period(OfficialResponse.created_at))
        .group_by(Challenge.administration_id)
    )
    # The solutions the administration dealt with in the period: those it received then, and those it
    # answered then (a response in the period to an older solution is one answered, not "0 / 0").
    received_query = (
        select(Challenge.administration_id, func.count(Solution.id), func.count(OfficialResponse.id))
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .outerjoin(OfficialResponse, OfficialResponse.solution_id == Solution.id)
        .where(Solution.is_visible, or_(in_period(Solution.created_at), in_period(OfficialResponse.created_at)))
        .group_by(Challenge.administration_id)
    )
    received = {row[0]: (int(row[1]), int(row[2])) for row in db.session.execute(received_query)}
    milestones = _grouped(
        select(Challenge.administration_id, func.count(Milestone.id))
        .join(Solution, Solution.id == Milestone.solution_id)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Milestone.status == "done", Solution.is_visible, in_period(Milestone.completed_at))
        .group_by(Challenge.administration_id)
    )
    active = set(opened) | set(responses) | set(received) | set(milestones)
    if not active:
        return []
    names = db.session.execute(
        select(Administration.id, Administration.slug, Administration.name).where(Administration.id.in_(active))
    )
    scores = [
        AdministrationScore(
            slug=slug,
            name=name,
            challenges_opened=opened.get(id_, 0),
            responses_published=responses.get(id_, 0),
            solutions_received=received.get(id_, (0, 0))[0],
            solutions_answered=received.get(id_, (0, 0))[1],
            milestones_completed=milestones.get(id_, 0),
        )
        for id_, slug, name in names
    ]
    return sorted(scores, key=lambda score: (-score.points, -score.challenges_opened, score.name.casefold()))


def top_contributors(since: datetime | None, limit: int) -> list[Contributor]:
    """Accounts by net votes received on visible content (created in the period)."""
    if since is None:
        users = db.session.scalars(
            select(User).where(User.vote_balance > 0).order_by(User.vote_balance.desc(), User.id).limit(limit)
        )
        return [Contributor(PersonRef.of(user), user.vote_balance) for user in users]
    solutions = (
        select(Solution.author_id.label("author_id"), (Solution.votes_up - Solution.votes_down).label("net"))
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Solution.is_visible, Solution.created_at >= since)
    )
    comments = (
        select(Comment.author_id.label("author_id"), (Comment.votes_up - Comment.votes_down).label("net"))
        .join(Solution, Solution.id == Comment.solution_id)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Comment.is_visible, Comment.created_at >= since)
    )
    items = union_all(solutions, comments).subquery()
    totals: Counter[int] = Counter(
        dict(db.session.execute(select(items.c.author_id, func.sum(items.c.net)).group_by(items.c.author_id)).all())
    )
    best = [(user_id, int(net)) for user_id, net in totals.most_common() if net > 0][:limit]
    people = {user.id: user for user in db.session.scalars(select(User).where(User.id.in_([u for u, _ in best])))}
    return [Contributor(PersonRef.of(people[user_id]), net) for user_id, net in best]
