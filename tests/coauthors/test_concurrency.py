"""Accepting a co-authorship while votes arrive keeps every counter exact (PostgreSQL: real concurrency)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from challenge.coauthors import service
from challenge.core.extensions import db
from challenge.core.recount import recount
from challenge.models import Solution, SolutionVote, User
from challenge.votes.service import VotingError, vote_on_solution
from tests.coauthors.helpers import invite
from tests.factories import make_solution, make_user


def test_accepting_while_voting_leaves_nothing_for_recount(concurrent_app):
    app = concurrent_app
    with app.app_context():
        solution = make_solution()
        anna = make_user(email="anna@example.it")
        token = invite(app, solution, solution.author, "anna@example.it")
        vote_on_solution(anna, solution, 1)  # her earlier vote, withdrawn when she joins
        voters = [make_user().id for _ in range(8)]
        solution_id, anna_id = solution.id, anna.id
    barrier = threading.Barrier(len(voters) + 2)

    def vote(user_id: int, value: int) -> None:
        with app.app_context():
            voter, target = db.session.get(User, user_id), db.session.get(Solution, solution_id)
            barrier.wait()
            try:
                vote_on_solution(voter, target, value)
            except VotingError:
                pass  # Anna, once an author, is refused
            finally:
                db.session.remove()

    def accept() -> None:
        with app.app_context():
            invitation, person = service.find_invitation(token), db.session.get(User, anna_id)
            barrier.wait()
            try:
                service.accept_invitation(invitation, person)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=len(voters) + 2) as pool:
        futures = [pool.submit(vote, voter, 1 if n % 3 else -1) for n, voter in enumerate(voters)]
        futures += [pool.submit(vote, anna_id, -1), pool.submit(accept)]
        for future in futures:
            future.result()
    with app.app_context():
        assert db.session.get(Solution, solution_id).is_authored_by(anna_id)
        assert recount() == []
        stored = db.session.execute(
            select(Solution.votes_up, Solution.votes_down).where(Solution.id == solution_id)
        ).one()
        counted = db.session.scalar(
            select(func.count()).select_from(SolutionVote).where(SolutionVote.solution_id == solution_id)
        )
        assert stored.votes_up + stored.votes_down == counted
