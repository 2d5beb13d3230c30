"""Busy pages run a fixed number of SQL statements, however many rows exist."""

from __future__ import annotations

import re

import pytest
from flask_sqlalchemy.record_queries import get_recorded_queries

from sqlalchemy import select

from challenge.extensions import db
from challenge.models import Challenge, Solution
from challenge.services.voting import vote_on_comment, vote_on_solution
from tests.conftest import empty_tables
from tests.factories import login, make_challenge, make_comment, make_solution, make_user


@pytest.fixture
def recording_app(app_factory):
    app = app_factory(SQLALCHEMY_RECORD_QUERIES=True)
    with app.app_context():
        empty_tables()
    return app


def grow(challenge, solutions: int) -> int:
    """Add solutions with comments and votes; returns the last solution's id."""
    last = None
    for _ in range(solutions):
        last = make_solution(challenge)
        comment = make_comment(last)
        make_comment(last, parent_id=comment.id)
        vote_on_solution(make_user(), last, 1)
        vote_on_comment(make_user(), comment, -1)
    return last.id


def statements(app, client, url: str) -> int:
    with app.app_context():
        assert client.get(url).status_code == 200
        return len(get_recorded_queries())


PAGES = [
    "/",
    "/challenges",
    "/challenges/{slug}?sort=latest",
    "/challenges/{slug}?sort=best",
    "/challenges/{slug}?sort=hot",
    "/challenges/{slug}?sort=discussed",
    "/solutions/{solution_id}",
    "/leaderboards",
    "/leaderboards?period=all",
    "/leaderboards?period=30d",
    "/administrations",
    "/api/v1/stats",
    "/feeds/solutions.atom",
]


@pytest.mark.parametrize("page", PAGES)
def test_statement_count_does_not_grow_with_data(recording_app, page):
    client = recording_app.test_client()
    with recording_app.app_context():
        challenge = make_challenge()
        slug = challenge.slug
        solution_id = grow(challenge, 2)
        login(client, make_user())
    url = page.format(slug=slug, solution_id=solution_id)
    small = statements(recording_app, client, url)
    with recording_app.app_context():
        challenge = db.session.scalar(select(Challenge))
        grow(challenge, 12)
        watched = db.session.get(Solution, solution_id)
        for _ in range(10):
            reply_to = make_comment(watched)
            vote_on_comment(make_user(), make_comment(watched, parent_id=reply_to.id), 1)
    large = statements(recording_app, client, url)
    assert large == small, f"{url}: {small} statements with little data, {large} with more"
    assert large <= 16


def vote_statements(app, client, url: str, value: int) -> list[str]:
    with app.app_context():
        response = client.post(url, data={"value": str(value)}, headers={"Accept": "application/json"})
        assert response.status_code == 200
        return [summary(query.statement) for query in get_recorded_queries()]


def summary(statement: str) -> str:
    """'SELECT solutions', 'INSERT solution_votes', 'UPDATE users': the verb and the first table."""
    verb = statement.split()[0]
    table = re.search(r"(?:FROM|INTO|UPDATE)\s+(\w+)", statement).group(1)
    return f"{verb} {table}"


def test_a_vote_post_is_the_sign_in_check_the_item_and_three_writes(recording_app):
    client = recording_app.test_client()
    with recording_app.app_context():
        solution = make_solution()
        solution_id, comment_id = solution.id, make_comment(solution).id
        login(client, make_user())
    sign_in_and_solution = ["SELECT auth_sessions", "SELECT solutions"]
    # The counters and both ranking keys move in one UPDATE, the author's balance in another.
    solution_writes = ["UPDATE solutions", "UPDATE users"]
    url = f"/solutions/{solution_id}/vote"
    assert vote_statements(recording_app, client, url, 1) == [*sign_in_and_solution, "INSERT solution_votes", *solution_writes]
    assert vote_statements(recording_app, client, url, 0) == [*sign_in_and_solution, "DELETE solution_votes", *solution_writes]
    vote_statements(recording_app, client, url, -1)
    flip = vote_statements(recording_app, client, url, 1)
    assert flip == [*sign_in_and_solution, "INSERT solution_votes", "UPDATE solution_votes", *solution_writes]
    comment_vote = vote_statements(recording_app, client, f"/comments/{comment_id}/vote", 1)
    assert comment_vote == [sign_in_and_solution[0], "SELECT comments", sign_in_and_solution[1],
                            "INSERT comment_votes", "UPDATE comments", "UPDATE users"]
