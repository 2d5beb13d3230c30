"""On PostgreSQL with real statistics, every ranking query reads solutions through an index."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import event, select

from bench.load import Generator, Shape, write_plan
from challenge.core.extensions import db
from challenge.leaderboards.service import window_moves_at
from challenge.models import Challenge, Comment, Solution
from tests.conftest import empty_tables

# EXPLAIN runs on a connection of its own, which must see the loaded data and its statistics.
pytestmark = pytest.mark.committed

SOLUTIONS = 3000

# Pages whose statements on solutions are checked; each ranking appears on one of them.
PAGES = [
    "/",  # site-wide latest, best-voted in the statistics box
    "/challenges/{slug}?sort=latest",
    "/challenges/{slug}?sort=best",
    "/challenges/{slug}?sort=hot",
    "/challenges/{slug}?sort=discussed",
    "/leaderboards?period=30d",
    "/leaderboards?period=12m",
    "/leaderboards?period=all",
    "/feeds/solutions.atom",
    "/api/v1/stats",
]


@pytest.fixture
def loaded_app(app_factory):
    app = app_factory()
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("EXPLAIN plans are checked on PostgreSQL")
        empty_tables()
        write_plan(Generator(Shape(SOLUTIONS, voters=0), seed=3).plan(), time.perf_counter())
    yield app
    with app.app_context():
        empty_tables()


def reads_solutions(statement: str) -> bool:
    return "FROM solutions" in statement or "JOIN solutions" in statement


def statements_of(app, url: str, kept=reads_solutions) -> list[tuple[str, dict]]:
    """Every SQL statement (with its parameters) that the page runs and `kept` picks (by default, on solutions)."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if kept(statement):
            seen.append((statement, parameters))

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert app.test_client().get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
    return seen


def plan_of(app, statement: str, parameters) -> str:
    with app.app_context(), db.engine.connect() as connection:
        rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters)
        return "\n".join(row[0] for row in rows)


def is_ranking(statement: str) -> bool:
    """An ordered, bounded read (a ranking), as opposed to an aggregate over a period."""
    return "ORDER BY" in statement and "LIMIT" in statement and "GROUP BY" not in statement


def test_ranking_queries_use_indexes_and_never_scan_solutions(loaded_app):
    with loaded_app.app_context():
        slug = db.session.scalar(select(Challenge.slug).where(Challenge.id == 1))  # the popular one
    rankings = 0
    problems = []
    for page in PAGES:
        url = page.format(slug=slug)
        for statement, parameters in statements_of(loaded_app, url):
            if not is_ranking(statement):
                continue
            rankings += 1
            plan = plan_of(loaded_app, statement, parameters)
            if "Seq Scan on solutions" in plan or "Index" not in plan:
                problems.append(f"{url}\n{statement}\n{plan}")
    assert rankings >= len(PAGES)
    assert not problems, "\n\n".join(problems)


def pages_comments(statement: str) -> bool:
    """A bounded, ordered read of comments."""
    return "FROM comments" in statement and "LIMIT" in statement


@pytest.mark.parametrize(
    ("order", "index"),
    [("oldest", "ix_comments_top_created"), ("newest", "ix_comments_top_created"), ("best", "ix_comments_top_best")],
)
def test_a_page_of_comments_is_read_from_its_index_without_sorting(loaded_app, order, index):
    with loaded_app.app_context():
        solution_id = db.session.scalar(
            select(Solution.id).order_by(Solution.comment_count.desc(), Solution.id).limit(1)
        )
    ((statement, parameters),) = statements_of(
        loaded_app, f"/solutions/{solution_id}?comments={order}&page=2", pages_comments
    )
    plan = plan_of(loaded_app, statement, parameters)
    assert index in plan and "Sort" not in plan and "Seq Scan" not in plan, plan


@pytest.mark.parametrize("period", ["30d", "12m"])
def test_the_moment_a_period_slides_is_read_from_an_index_not_counted_over_the_period(loaded_app, period):
    """Every vote makes the period's rankings and contributors out of date, and each recompute asks when the
    period next leaves a row out: the oldest solution and comment inside it, one index probe each (a `Limit`
    per column), never an aggregate over every row of the period."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    with loaded_app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            window_moves_at(period, Solution.created_at, Comment.created_at)
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
    ((statement, parameters),) = seen
    plan = plan_of(loaded_app, statement, parameters)
    assert "ix_solutions_created" in plan and "ix_comments_created" in plan, plan
    assert plan.count("Limit") == 2 and "Aggregate" not in plan and "Seq Scan" not in plan, plan
