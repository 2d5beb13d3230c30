"""The benchmark loader writes consistent data: recount has nothing to fix."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from bench.load import CHOSEN_COMMENTS, Generator, Shape, write_plan
from challenge.core.extensions import db
from challenge.core.permissions import write_block
from challenge.core.recount import recount
from challenge.models import Challenge, Comment, Solution, SolutionVote, User

# The loader writes on a raw connection of its own, outside the test's transaction.
pytestmark = pytest.mark.committed


def test_loaded_counters_match_recount_and_shapes_hold(app):
    shape = Shape(1000, voters=5)
    with app.app_context():
        plan = Generator(shape, seed=1).plan()
        write_plan(plan, time.perf_counter())
        assert recount() == []

        votes = db.session.scalar(select(func.count()).select_from(SolutionVote))
        assert abs(votes - shape.votes) <= shape.votes * 0.01
        assert db.session.scalar(select(func.count()).select_from(Comment)) == shape.comments
        chosen_comments = select(func.count()).where(Comment.solution_id == plan.chosen_solution_id)
        assert db.session.scalar(chosen_comments) == CHOSEN_COMMENTS

        popular = db.session.scalar(select(Challenge).order_by(Challenge.solution_count.desc()).limit(1))
        assert popular.slug == plan.popular_slug
        assert popular.solution_count > 3 * db.session.scalar(select(func.avg(Challenge.solution_count)))

        targets = db.session.scalars(select(Solution).where(Solution.id.in_(plan.vote_targets))).all()
        assert targets and all(s.challenge_id == popular.id and s.status == "published" for s in targets)
        assert not {s.author_id for s in targets} & set(plan.voter_ids)
        voter_votes = select(func.count()).where(SolutionVote.user_id.in_(list(plan.voter_ids)))
        assert db.session.scalar(voter_votes) == 0


def test_every_loaded_account_may_vote(app):
    """Unverified accounts, or accounts behind on the terms, would have every benchmark vote refused."""
    with app.test_request_context():
        write_plan(Generator(Shape(1000, voters=5), seed=1).plan(), time.perf_counter())
        assert {write_block(user) for user in db.session.scalars(select(User))} == {None}
