"""Busy pages run a fixed number of SQL statements, however many rows exist."""

from __future__ import annotations

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


BACK_OFFICE_PAGES = ["/admin/users", "/admin/log", "/admin/labs", "/moderation/users", "/administrations/{owner}/dashboard"]


@pytest.mark.parametrize("page", BACK_OFFICE_PAGES)
def test_back_office_statement_count_does_not_grow_with_data(recording_app, page):
    from challenge.models import Lab, Partner
    from challenge.services import audit

    client = recording_app.test_client()
    with recording_app.app_context():
        challenge = make_challenge()
        owner = challenge.administration
        grow(challenge, 2)
        login(client, make_user(role="admin"))
        owner_slug, owner_id = owner.slug, owner.id
        db.session.add(Lab(name="Lab", slug="lab", territory="T", region_code="08", coordinator_id=owner_id, partners=[Partner(name="P", kind="ceas")]))
        db.session.commit()

    def more():
        with recording_app.app_context():
            for number in range(8):
                make_user(role="staff", administration_id=owner_id)
                audit.record(audit.CLI_ACTOR, "lab_create", "lab", number, f"lab-{number}", changes={"name": [None, "x"]})
                db.session.add(Lab(name=f"Lab {number}", slug=f"lab-{number}-{owner_id}", territory="T", region_code="08",
                                   coordinator_id=owner_id, partners=[Partner(name="P", kind="ceas")]))
                make_challenge(db.session.get(type(owner), owner_id))
            db.session.commit()
            grow(db.session.scalar(select(Challenge).order_by(Challenge.id)), 3)

    url = page.format(owner=owner_slug)
    small = statements(recording_app, client, url)
    more()
    large = statements(recording_app, client, url)
    assert large == small, f"{url}: {small} statements with little data, {large} with more"
