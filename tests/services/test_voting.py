"""Votes: the rules, the counters, and exactness under real concurrency on PostgreSQL."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from challenge.core.errors import PermissionDenied
from challenge.core.extensions import db
from challenge.core.recount import recount
from challenge.leaderboards.ranking import hot_score, wilson_lower_bound
from challenge.models import CommentVote, Solution, SolutionVote, User, utcnow
from challenge.solutions.service import SOLUTION_SORTS
from challenge.votes.service import InvalidVote, VotingError, vote_on_comment, vote_on_solution
from tests.factories import make_challenge, make_comment, make_solution, make_suspended_user, make_user


def counts(solution_id: int) -> tuple[int, int]:
    solution = db.session.get(Solution, solution_id)
    db.session.refresh(solution)
    return solution.votes_up, solution.votes_down


def vote_times(solution_id: int) -> list[tuple[int, datetime]]:
    """The (value, created_at) pairs of a solution's votes, from the rows."""
    rows = db.session.execute(
        select(SolutionVote.value, SolutionVote.created_at).where(SolutionVote.solution_id == solution_id)
    )
    return [(value, created_at) for value, created_at in rows]


def cast_in_the_past(solution, value: int, days_ago: float):
    """A vote row as if cast `days_ago`, with the solution's keys rebuilt by recount."""
    at = utcnow() - timedelta(days=days_ago)
    voter = make_user()
    db.session.add(SolutionVote(user_id=voter.id, solution_id=solution.id, value=value, created_at=at, updated_at=at))
    db.session.commit()
    recount()
    return voter


def test_changing_or_withdrawing_an_old_vote_moves_the_hot_score_by_its_own_weight(app):
    with app.app_context():
        solution = make_solution()
        old_voter = cast_in_the_past(solution, 1, days_ago=21)
        vote_on_solution(make_user(), solution, 1)
        db.session.refresh(solution)
        assert solution.hot_score == hot_score(vote_times(solution.id))
        # Changing sides keeps the vote's first time: its weight of three weeks ago changes sign.
        vote_on_solution(old_voter, solution, -1)
        db.session.refresh(solution)
        assert solution.hot_score == hot_score(vote_times(solution.id))
        assert vote_times(solution.id)[0][1] < utcnow() - timedelta(days=20)
        vote_on_solution(old_voter, solution, 0)
        db.session.refresh(solution)
        assert solution.hot_score == hot_score(vote_times(solution.id))
        assert recount() == []
        (other,) = db.session.scalars(select(SolutionVote.user_id).where(SolutionVote.solution_id == solution.id))
        vote_on_solution(db.session.get(User, other), solution, 0)
        db.session.refresh(solution)
        assert (solution.votes_up, solution.votes_down, solution.hot_score) == (0, 0, 0.0)


def test_recent_votes_rank_above_old_ones_in_the_hot_order(app):
    with app.app_context():
        challenge = make_challenge()
        old_favourite = make_solution(challenge, title="old favourite")
        for _ in range(10):
            cast_in_the_past(old_favourite, 1, days_ago=21)  # worth 10 / 8 of today's votes
        fresh = make_solution(challenge, title="fresh", created_at=utcnow() - timedelta(days=60))
        for _ in range(2):
            vote_on_solution(make_user(), fresh, 1)
        disliked = make_solution(challenge, title="0 up, 3 down")
        for _ in range(3):
            vote_on_solution(make_user(), disliked, -1)
        liked = make_solution(challenge, title="28 up, 10 down")
        for value in [1] * 28 + [-1] * 10:
            vote_on_solution(make_user(), liked, value)
        unvoted = make_solution(challenge, title="no votes")
        order = db.session.scalars(
            select(Solution.title).where(Solution.challenge_id == challenge.id).order_by(*SOLUTION_SORTS["hot"])
        ).all()
        assert order == ["28 up, 10 down", "fresh", "old favourite", "no votes", "0 up, 3 down"]
        assert unvoted.hot_score == 0.0
        assert recount() == []


def test_vote_change_sides_and_withdraw(app):
    with app.app_context():
        solution = make_solution()
        voter = make_user()
        assert vote_on_solution(voter, solution, 1).votes_up == 1
        assert vote_on_solution(voter, solution, 1).votes_up == 1  # the same value changes nothing
        result = vote_on_solution(voter, solution, -1)
        assert (result.votes_up, result.votes_down, result.score) == (0, 1, -1)
        assert vote_on_solution(voter, solution, 0).votes_down == 0
        assert db.session.scalar(select(func.count()).select_from(SolutionVote)) == 0
        assert counts(solution.id) == (0, 0)


def test_counters_ranking_keys_and_author_balance_move_with_votes(app):
    with app.app_context():
        author = make_user()
        solution = make_solution(author=author)
        for _ in range(3):
            vote_on_solution(make_user(), solution, 1)
        vote_on_solution(make_user(), solution, -1)
        db.session.refresh(solution)
        assert (solution.votes_up, solution.votes_down) == (3, 1)
        # Computed by the database in the vote's UPDATE: the very floats of the Python formulas.
        assert solution.wilson_score == wilson_lower_bound(3, 1)
        assert solution.hot_score == hot_score(vote_times(solution.id))
        assert db.session.get(User, author.id).vote_balance == 2
        assert recount() == []


@pytest.mark.parametrize("value", [2, -2, 5])
def test_values_other_than_one_minus_one_zero_are_invalid(app, value):
    with app.app_context():
        solution = make_solution()
        with pytest.raises(InvalidVote):
            vote_on_solution(make_user(), solution, value)


def test_refusals_change_nothing(app):
    with app.app_context():
        author = make_user()
        refusals = [
            (author, make_solution(author=author)),
            (make_suspended_user(), make_solution()),
            (make_user(), make_solution(status="withdrawn")),
            (make_user(), make_solution(status="hidden")),
            (make_user(), make_solution(make_challenge(status="closed"))),
            (make_user(), make_solution(make_challenge(status="draft"))),
        ]
        for voter, solution in refusals:
            with pytest.raises((VotingError, PermissionDenied)):
                vote_on_solution(voter, solution, 1)
        assert db.session.scalar(select(func.count()).select_from(SolutionVote)) == 0
        assert db.session.scalar(select(func.sum(Solution.votes_up))) == 0


def test_votes_allowed_during_evaluation(app):
    with app.app_context():
        solution = make_solution(make_challenge(status="evaluation"))
        assert vote_on_solution(make_user(), solution, 1).votes_up == 1


def test_comment_votes(app):
    with app.app_context():
        comment = make_comment()
        voter = make_user()
        assert vote_on_comment(voter, comment, 1).votes_up == 1
        assert vote_on_comment(voter, comment, -1).votes_down == 1
        with pytest.raises(VotingError):
            vote_on_comment(db.session.get(User, comment.author_id), comment, 1)
        deleted = make_comment(status="deleted")
        with pytest.raises(VotingError):
            vote_on_comment(voter, deleted, 1)
        assert db.session.scalar(select(func.count()).select_from(CommentVote)) == 1
        assert recount() == []


def test_a_vote_row_withdrawn_between_two_statements_is_retried(app):
    """The race in which a parallel withdrawal deletes the row the flip meant to change (step by step)."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            pytest.skip("PostgreSQL votes in one statement: its lost race is the parallel insert test below")
        solution = make_solution()
        voter = make_user()
        vote_on_solution(voter, solution, -1)
        withdrawn = []

        def withdraw_first(conn, cursor, statement, parameters, context, executemany):
            if statement.startswith("UPDATE solution_votes") and not withdrawn:
                withdrawn.append(True)  # once: the retry, after the rollback, finds the row again
                cursor.execute("DELETE FROM solution_votes")

        event.listen(db.engine, "before_cursor_execute", withdraw_first)
        try:
            result = vote_on_solution(voter, solution, 1)
        finally:
            event.remove(db.engine, "before_cursor_execute", withdraw_first)
        assert withdrawn and (result.votes_up, result.votes_down) == (1, 0)
        assert counts(solution.id) == (1, 0)
        assert db.session.scalar(select(SolutionVote.value)) == 1
        assert recount() == []


def test_withdrawal_removes_votes_from_the_author_balance(app):
    from challenge.solutions.service import withdraw_solution

    with app.app_context():
        author = make_user()
        solution = make_solution(author=author)
        vote_on_solution(make_user(), solution, 1)
        commenter = make_user()
        comment = make_comment(solution, author=commenter)
        vote_on_comment(make_user(), comment, 1)
        withdraw_solution(author, solution)
        assert db.session.get(User, author.id).vote_balance == 0
        assert db.session.get(User, commenter.id).vote_balance == 0
        assert recount() == []


# ----- real concurrency: PostgreSQL only (concurrent_app is in tests/conftest.py) -----


def run_together(app, jobs):
    """Run each (user_id, solution_id, value) vote in its own thread, all released at once."""
    barrier = threading.Barrier(len(jobs))

    def job(user_id, solution_id, value):
        with app.app_context():
            voter = db.session.get(User, user_id)
            solution = db.session.get(Solution, solution_id)
            barrier.wait()
            try:
                return vote_on_solution(voter, solution, value)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return [future.result() for future in [pool.submit(job, *args) for args in jobs]]


def fresh_counts(solution_id):
    stored = db.session.execute(select(Solution.votes_up, Solution.votes_down).where(Solution.id == solution_id)).one()
    up = db.session.scalar(
        select(func.count())
        .select_from(SolutionVote)
        .where(SolutionVote.solution_id == solution_id, SolutionVote.value == 1)
    )
    down = db.session.scalar(
        select(func.count())
        .select_from(SolutionVote)
        .where(SolutionVote.solution_id == solution_id, SolutionVote.value == -1)
    )
    return tuple(stored), (up, down)


def test_32_accounts_voting_at_once_give_exactly_32(concurrent_app):
    with concurrent_app.app_context():
        solution_id = make_solution().id
        voters = [make_user().id for _ in range(32)]
    run_together(concurrent_app, [(voter, solution_id, 1) for voter in voters])
    with concurrent_app.app_context():
        stored, counted = fresh_counts(solution_id)
        assert stored == counted == (32, 0)
        assert recount() == []


def test_one_account_double_submitting_in_parallel_gives_one_vote(concurrent_app):
    with concurrent_app.app_context():
        solution_id = make_solution().id
        voter = make_user().id
    run_together(concurrent_app, [(voter, solution_id, 1)] * 16)
    with concurrent_app.app_context():
        stored, counted = fresh_counts(solution_id)
        assert stored == counted == (1, 0)
        assert recount() == []


def test_one_account_flipping_in_parallel_stays_consistent(concurrent_app):
    with concurrent_app.app_context():
        solution_id = make_solution().id
        voter = make_user().id
    run_together(concurrent_app, [(voter, solution_id, value) for value in (1, -1, 0, 1, -1, 0, 1, -1) * 2])
    with concurrent_app.app_context():
        stored, counted = fresh_counts(solution_id)
        assert stored == counted
        assert sum(stored) <= 1
        assert recount() == []


def test_32_accounts_changing_their_votes_at_once_keep_counts_and_keys_exact(concurrent_app):
    with concurrent_app.app_context():
        author_id = make_user().id
        solution_id = make_solution(author=db.session.get(User, author_id)).id
        voters = [make_user().id for _ in range(32)]
    sequences = [(1, -1, 0, -1, 1, 0, 1), (-1, 1, -1), (1, 0), (-1,)]

    def votes_of_one_account(number: int, user_id: int):
        with concurrent_app.app_context():
            voter = db.session.get(User, user_id)
            for value in sequences[number % len(sequences)]:
                vote_on_solution(voter, db.session.get(Solution, solution_id), value)
            db.session.remove()

    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(votes_of_one_account, range(32), voters))
    with concurrent_app.app_context():
        stored, counted = fresh_counts(solution_id)
        assert stored == counted == (8, 16)  # the sequences end on 1, -1, 0 and -1, eight accounts each
        solution = db.session.get(Solution, solution_id)
        assert (solution.wilson_score, solution.hot_score) == (
            wilson_lower_bound(8, 16),
            hot_score(vote_times(solution_id)),
        )
        assert db.session.get(User, author_id).vote_balance == -8
        assert recount() == []


def test_a_vote_that_meets_a_parallel_vote_of_the_same_account_is_retried_exactly(concurrent_app):
    """PostgreSQL: another request of the same account inserts -1 while ours inserts +1 in one statement.

    Ours waits for that insert, then neither inserts nor flips (the row was not there when it
    began): it reads the stored -1, starts again and flips it, and every counter stays exact."""
    with concurrent_app.app_context():
        author = make_user()
        solution = make_solution(author=author)
        voter_id, solution_id, author_id = make_user().id, solution.id, author.id
        engine = db.engine
    at = utcnow()
    other = engine.connect()
    other.execute(
        insert(SolutionVote).values(user_id=voter_id, solution_id=solution_id, value=-1, created_at=at, updated_at=at)
    )
    other.execute(
        update(Solution)
        .where(Solution.id == solution_id)
        .values(votes_down=1, wilson_score=wilson_lower_bound(0, 1), hot_score=hot_score([(-1, at)]))
    )
    other.execute(update(User).where(User.id == author_id).values(vote_balance=-1))
    statements = []

    def vote():
        with concurrent_app.app_context():
            event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
            try:
                return vote_on_solution(db.session.get(User, voter_id), db.session.get(Solution, solution_id), 1)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=1) as pool:
        result = pool.submit(vote)
        waiting = (
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        with engine.connect() as watcher:
            for _ in range(100):
                if watcher.execute(text(waiting)).scalar():
                    break
                time.sleep(0.05)
        other.commit()
        other.close()
        assert (result.result().votes_up, result.result().votes_down) == (1, 0)
    assert sum(statement.startswith("WITH") for statement in statements) == 2
    with concurrent_app.app_context():
        assert fresh_counts(solution_id) == ((1, 0), (1, 0))
        assert db.session.get(User, author_id).vote_balance == 1
        assert recount() == []


# ----- the schema itself keeps one vote per account and item, on every database -----


@pytest.mark.parametrize("model", [SolutionVote, CommentVote])
def test_a_second_vote_row_for_the_same_account_and_item_is_refused_by_the_schema(app, model):
    with app.app_context():
        comment = make_comment()
        voter_id = make_user().id
        item = {"solution_id": comment.solution_id} if model is SolutionVote else {"comment_id": comment.id}
        db.session.execute(insert(model).values(user_id=voter_id, value=1, **item))
        db.session.commit()
        with pytest.raises(IntegrityError):
            db.session.execute(insert(model).values(user_id=voter_id, value=-1, **item))
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(model)) == 1
