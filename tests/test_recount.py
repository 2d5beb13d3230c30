"""`flask recount` rebuilds counters from the rows and reports what it fixed."""

from __future__ import annotations

from sqlalchemy import update

from challenge.core.extensions import db
from challenge.models import Administration, Challenge, Solution, User
from challenge.votes.service import vote_on_solution
from tests.factories import make_comment, make_solution, make_user


def test_nothing_to_correct_after_normal_activity(app, runner):
    with app.app_context():
        solution = make_solution()
        make_comment(solution)
        vote_on_solution(make_user(), solution, 1)
    result = runner.invoke(args=["recount"])
    assert result.exit_code == 0
    assert "All counters were correct." in result.output


def test_broken_counters_are_fixed_and_reported(app, runner):
    with app.app_context():
        solution = make_solution()
        vote_on_solution(make_user(), solution, 1)
        db.session.execute(update(Solution).values(votes_up=7, comment_count=3))
        db.session.execute(update(Challenge).values(solution_count=0))
        db.session.execute(update(Administration).values(comment_count=9))
        db.session.execute(update(User).values(vote_balance=-4))
        db.session.commit()
        ids = {"solution": solution.id, "challenge": solution.challenge_id}  # sequences do not restart per test
    result = runner.invoke(args=["recount"])
    assert f"solutions#{ids['solution']}.votes_up: stored 7, counted 1" in result.output
    assert f"challenges#{ids['challenge']}.solution_count: stored 0, counted 1" in result.output
    assert "counters corrected." in result.output
    again = runner.invoke(args=["recount"])
    assert "All counters were correct." in again.output
