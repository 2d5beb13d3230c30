"""Busy pages run a fixed number of SQL statements, however many rows exist."""

from __future__ import annotations

import pytest
from flask_sqlalchemy.record_queries import get_recorded_queries

from sqlalchemy import select

from challenge.extensions import db
from challenge.models import Challenge, Comment, Solution
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


def discussed_solution(comments: int, voter) -> int:
    """A solution with `comments` top-level comments, each with two replies, and the voter's votes on the first page."""
    solution = make_solution()
    author = make_user()
    tops = [Comment(solution_id=solution.id, author_id=author.id, body="c", body_html=f"<p>{'Commento ' * 20}</p>") for _ in range(comments)]
    db.session.add_all(tops)
    db.session.flush()
    replies = [Comment(solution_id=solution.id, author_id=author.id, parent_id=top.id, body="r", body_html="<p>Risposta</p>") for top in tops for _ in range(2)]
    db.session.add_all(replies)
    db.session.commit()
    for top, reply in zip(tops[1:20:2], replies[2:40:4]):
        vote_on_comment(voter, top, 1)
        vote_on_comment(voter, reply, -1)
    return solution.id


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "voter"])
@pytest.mark.parametrize("order", ["oldest", "newest", "best"])
def test_solution_page_statements_do_not_grow_with_comments(recording_app, signed_in, order):
    client = recording_app.test_client()
    with recording_app.app_context():
        voter = make_user()
        few, many = discussed_solution(5, voter), discussed_solution(60, voter)
        if signed_in:
            login(client, voter)
    counts = [statements(recording_app, client, f"/solutions/{solution_id}?comments={order}") for solution_id in (few, many)]
    assert counts[0] == counts[1], f"{counts[0]} statements with 5 comments, {counts[1]} with 60"
    assert counts[1] <= 16


def page_size(client, solution_id: int) -> int:
    response = client.get(f"/solutions/{solution_id}")
    assert response.status_code == 200
    return len(response.data)


def test_solution_page_html_is_bounded_however_many_comments(recording_app):
    client = recording_app.test_client()
    with recording_app.app_context():
        voter = make_user()
        forty, two_hundred = discussed_solution(40, voter), discussed_solution(200, voter)
        login(client, voter)
    small, large = page_size(client, forty), page_size(client, two_hundred)
    # Both show 20 comments with 2 replies each; only the ids grow a digit.
    assert large < 150_000, f"{large} bytes with 200 comments"
    assert abs(large - small) < small / 100, f"{small} bytes with 40 comments, {large} with 200"
