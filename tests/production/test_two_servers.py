"""Two gunicorn servers behind one address share PostgreSQL and Redis: nothing lives in a process."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import func, select, text

from challenge.account import sessions as auth_sessions
from challenge.core.extensions import db
from challenge.models import Solution, SolutionVote, User
from tests.factories import PASSWORD, make_solution, make_user
from tests.production.conftest import SHARED_REDIS, csrf_token, failed_login, require_redis, server_env, start_servers

LOGIN_LIMIT = 4
VOTERS = 200


@pytest.fixture(scope="module")
def shared_redis(postgres_url):
    return require_redis(SHARED_REDIS)


@pytest.fixture(scope="module")
def servers(postgres_url, shared_redis, tmp_path_factory):
    shared_redis.flushdb()
    folder = tmp_path_factory.mktemp("two-servers")
    env = server_env(
        folder, postgres_url, REDIS_URL=SHARED_REDIS, FLASK_RATELIMIT_LOGIN_PER_IP=f"{LOGIN_LIMIT} per minute"
    )
    running = start_servers(2, env, folder)
    yield running
    for server in running:
        server.stop()


@pytest.fixture
def clean(app, servers, shared_redis):
    """Empty tables (the `app` fixture) and an empty Redis database: no limits, no cached values."""
    shared_redis.flushdb()
    return app


def _signed_in_browser(app, user_id: int) -> requests.Session:
    with app.app_context():
        token = auth_sessions.start(db.session.get(User, user_id), "two-servers test")
    browser = requests.Session()
    browser.cookies.set(app.config["AUTH_COOKIE_NAME"], token)
    return browser


def test_a_session_started_on_one_server_is_valid_on_the_other(clean, servers):
    first, second = servers
    with clean.app_context():
        make_user(email="anna@example.it", name="Anna Bianchi")
    browser = requests.Session()
    form = browser.get(f"{first.url}/auth/login")
    login = browser.post(
        f"{first.url}/auth/login",
        data={"email": "anna@example.it", "password": PASSWORD, "csrf_token": csrf_token(form.text)},
        allow_redirects=False,
    )
    assert login.status_code == 303
    account = browser.get(f"{second.url}/account", allow_redirects=False)
    assert account.status_code == 200 and "Anna Bianchi" in account.text
    logout = browser.post(
        f"{second.url}/auth/logout", data={"csrf_token": csrf_token(account.text)}, allow_redirects=False
    )
    assert logout.status_code == 303
    assert browser.get(f"{first.url}/account", allow_redirects=False).status_code == 302


def test_the_login_rate_limit_counts_requests_on_both_servers(clean, servers):
    statuses = [
        failed_login(servers[attempt % 2].url, f"nessuno{attempt}@example.it") for attempt in range(LOGIN_LIMIT + 2)
    ]
    assert statuses == [422] * LOGIN_LIMIT + [429, 429]


def _vote(browser: requests.Session, page_server, vote_server, solution_id: int, value: int) -> int:
    """Read the solution page on one server, then vote on the other (the script's JSON call)."""
    page = browser.get(f"{page_server.url}/solutions/{solution_id}")
    answer = browser.post(
        f"{vote_server.url}/solutions/{solution_id}/vote",
        data={"value": value, "csrf_token": csrf_token(page.text)},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 200, answer.text[:500]
    return answer.json()["votes_up"]


def test_votes_spread_over_both_servers_give_exact_counts(clean, servers):
    """Every voter votes +1; every fourth one then changes to -1 on the other server."""
    with clean.app_context():
        solution = make_solution(title="Un unico fascicolo digitale del cittadino")
        solution_id, author_id = solution.id, solution.author_id
        voter_ids = [make_user().id for _ in range(VOTERS)]
    browsers = [_signed_in_browser(clean, voter_id) for voter_id in voter_ids]

    def vote(number: int) -> None:
        here, there = servers[number % 2], servers[(number + 1) % 2]
        _vote(browsers[number], here, there, solution_id, 1)
        if number % 4 == 0:
            _vote(browsers[number], there, here, solution_id, -1)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(vote, range(VOTERS)))

    expected_down = VOTERS // 4
    with clean.app_context():
        stored = db.session.get(Solution, solution_id)
        rows = dict(
            db.session.execute(
                select(SolutionVote.value, func.count())
                .where(SolutionVote.solution_id == solution_id)
                .group_by(SolutionVote.value)
            ).all()
        )
        assert rows == {1: VOTERS - expected_down, -1: expected_down}
        assert (stored.votes_up, stored.votes_down) == (rows[1], rows[-1])
        assert db.session.get(User, author_id).vote_balance == rows[1] - rows[-1]
    for server in servers:
        page = requests.get(f"{server.url}/leaderboards").text
        assert f"{VOTERS - expected_down} a favore, {expected_down} contro" in page


def test_a_cached_leaderboard_is_refreshed_on_both_servers_after_a_vote(clean, servers):
    first, second = servers
    with clean.app_context():
        solution = make_solution(title="Pagamenti pubblici con un clic")
        solution_id, voter_id = solution.id, make_user().id
    assert "0 a favore, 0 contro" in requests.get(f"{first.url}/leaderboards").text
    with clean.app_context():
        # Raw SQL, which no session event sees: the cache keeps what it had until the vote.
        db.session.execute(
            text("UPDATE solutions SET title = 'Titolo cambiato di nascosto' WHERE id = :id"), {"id": solution_id}
        )
        db.session.commit()
    # Filled by the first server, served by the second: the cache is shared. Behind the proxy both
    # get the site's own Host (part of every key); here each listens on a port of its own.
    same_site = {"Host": urlsplit(first.url).netloc}
    assert "Pagamenti pubblici con un clic" in requests.get(f"{second.url}/leaderboards", headers=same_site).text
    _vote(_signed_in_browser(clean, voter_id), first, first, solution_id, 1)
    for server in servers:
        page = requests.get(f"{server.url}/leaderboards").text
        assert "1 a favore, 0 contro" in page and "Titolo cambiato di nascosto" in page
