"""Rebuild every counter from the rows, in one pass per table, and report what was wrong."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select, update

from ..cache import identity as cache_identity
from ..cache.scopes import GENERATION
from ..cache.versions import bump
from ..leaderboards.ranking import hot_score, wilson_lower_bound
from ..models import Administration, Challenge, Comment, CommentVote, Flag, Solution, SolutionVote, User
from .extensions import db


@dataclass(frozen=True)
class Correction:
    table: str
    row_id: int
    column: str
    stored: float
    expected: float


def vote_totals(model, item_column, *where) -> dict[int, tuple[int, int]]:
    """(+1 votes, -1 votes) of each voted item, from the rows (of the items `where` selects)."""
    rows = db.session.execute(
        select(
            item_column,
            func.sum(case((model.value == 1, 1), else_=0)),
            func.sum(case((model.value == -1, 1), else_=0)),
        )
        .where(*where)
        .group_by(item_column)
    )
    return {item_id: (int(up), int(down)) for item_id, up, down in rows}


def hot_scores(*where) -> dict[int, float]:
    """Each voted solution's hot sum (of the solutions `where` selects), from its votes' values and times."""
    votes: dict[int, list[tuple[int, Any]]] = defaultdict(list)
    for solution_id, value, created_at in db.session.execute(
        select(SolutionVote.solution_id, SolutionVote.value, SolutionVote.created_at).where(*where)
    ):
        votes[solution_id].append((value, created_at))
    return {solution_id: hot_score(cast) for solution_id, cast in votes.items()}


def _differs(stored, expected) -> bool:
    if isinstance(expected, float):
        # Relative too: hot sums are powers of two of the weeks since the epoch, and sums of
        # weights of votes many months apart may round differently in another order.
        return not math.isclose(stored, expected, rel_tol=1e-12, abs_tol=1e-6)
    return stored != expected


def _reconcile(model, expected_by_id: Mapping[int, Mapping[str, Any]], columns: tuple[str, ...]) -> list[Correction]:
    """Compare stored columns with expected values; write and return the differences."""
    corrections = []
    stored_rows = db.session.execute(select(model.id, *[getattr(model, c) for c in columns]))
    for row in stored_rows:
        expected = expected_by_id.get(row.id, {})
        changes = {}
        for column in columns:
            want = expected.get(column, 0.0 if isinstance(getattr(row, column), float) else 0)
            if _differs(getattr(row, column), want):
                corrections.append(Correction(model.__tablename__, row.id, column, getattr(row, column), want))
                changes[column] = want
        if changes:
            db.session.execute(update(model).where(model.id == row.id).values(**changes))
    return corrections


def recount() -> list[Correction]:
    """Recompute every counter; fix and return the ones that did not match."""
    open_flags = {
        column.key: dict(
            db.session.execute(
                select(column, func.count()).where(Flag.status == "open", column.is_not(None)).group_by(column)
            ).all()
        )
        for column in (Flag.solution_id, Flag.comment_id)
    }
    solution_votes = vote_totals(SolutionVote, SolutionVote.solution_id)
    comment_votes = vote_totals(CommentVote, CommentVote.comment_id)
    hot_sums = hot_scores()
    public_challenges = {
        row.id: row.administration_id
        for row in db.session.execute(select(Challenge.id, Challenge.administration_id).where(Challenge.is_public))
    }
    solutions = db.session.execute(select(Solution.id, Solution.challenge_id, Solution.author_id)).all()
    # What a challenge's own counters count, and the part of it public aggregates count (core.counters).
    listed_solutions, visible_solutions = (
        set(db.session.scalars(select(Solution.id).join(Challenge, Challenge.id == Solution.challenge_id).where(rule)))
        for rule in (Solution.is_listed, Solution.is_visible)
    )

    comments_per_solution: Counter[int] = Counter()
    balance: Counter[int] = Counter()
    expected_comments = {}
    for comment in db.session.execute(select(Comment.id, Comment.solution_id, Comment.author_id, Comment.status)):
        up, down = comment_votes.get(comment.id, (0, 0))
        expected_comments[comment.id] = {
            "votes_up": up,
            "votes_down": down,
            "open_flag_count": open_flags["comment_id"].get(comment.id, 0),
        }
        if comment.status == "published":
            comments_per_solution[comment.solution_id] += 1
            if comment.solution_id in visible_solutions:
                balance[comment.author_id] += up - down

    expected_solutions = {}
    per_challenge: dict[int, Counter] = defaultdict(Counter)
    for solution in solutions:
        up, down = solution_votes.get(solution.id, (0, 0))
        expected_solutions[solution.id] = {
            "votes_up": up,
            "votes_down": down,
            "comment_count": comments_per_solution[solution.id],
            "open_flag_count": open_flags["solution_id"].get(solution.id, 0),
            "wilson_score": wilson_lower_bound(up, down),
            "hot_score": hot_sums.get(solution.id, 0.0),
        }
        if solution.id in listed_solutions:
            per_challenge[solution.challenge_id]["solution_count"] += 1
            per_challenge[solution.challenge_id]["comment_count"] += comments_per_solution[solution.id]
        if solution.id in visible_solutions:
            balance[solution.author_id] += up - down

    per_administration: dict[int, Counter] = defaultdict(Counter)
    for challenge_id, counts in per_challenge.items():
        if challenge_id in public_challenges:
            per_administration[public_challenges[challenge_id]].update(counts)

    corrections = []
    corrections += _reconcile(
        Solution,
        expected_solutions,
        ("votes_up", "votes_down", "comment_count", "open_flag_count", "wilson_score", "hot_score"),
    )
    corrections += _reconcile(Comment, expected_comments, ("votes_up", "votes_down", "open_flag_count"))
    corrections += _reconcile(Challenge, per_challenge, ("solution_count", "comment_count"))
    corrections += _reconcile(Administration, per_administration, ("solution_count", "comment_count"))
    corrections += _reconcile(
        User, {user_id: {"vote_balance": net} for user_id, net in balance.items()}, ("vote_balance",)
    )
    # Whatever was written behind the app's back (the reason to run a recount): every cached part is out of date,
    # and after a restore even entries whose recorded versions the restored counters reach again.
    bump(db.session(), [GENERATION])
    cache_identity.renew(db.session())
    db.session.commit()
    return corrections
