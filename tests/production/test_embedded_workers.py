"""The embedded default: SQLite, no Redis, several gunicorn workers each with its own memory cache.

A write must reach every worker's next reader at once: the cache versions live in the database.
Runs in the SQLite pass (the PostgreSQL pass has the two-server tests with Redis).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from challenge.core.extensions import db
from challenge.models import Solution, User
from challenge.votes.service import vote_on_solution
from tests.factories import make_solution, make_user
from tests.production.conftest import GUNICORN, server_env, start_servers

WORKERS = 3
READS = 45
PAGES = ("/leaderboards", "/")


@pytest.fixture(scope="module")
def sqlite_url(migrated_database) -> str:
    if not migrated_database.startswith("sqlite:///"):
        pytest.skip("the embedded-default test runs in the SQLite pass only")
    if not GUNICORN.exists():
        pytest.skip(f"gunicorn is missing at {GUNICORN}")
    return migrated_database


@pytest.fixture(scope="module")
def server(sqlite_url, tmp_path_factory):
    folder = tmp_path_factory.mktemp("embedded")
    # The access log names the worker (pid) that answered each probe.
    env = server_env(
        folder, sqlite_url, GUNICORN_CMD_ARGS="--access-logfile - --access-logformat '%(p)s %({x-probe}i)s'"
    )
    env.pop("REDIS_URL", None)
    (running,) = start_servers(1, env, folder, workers=WORKERS)
    yield running
    running.stop()


def _read_everywhere(server, page: str, probe: str) -> tuple[list[str], set[str]]:
    """READS concurrent reads of a page; the pages and the pids of the workers that answered."""

    def read(number: int) -> str:
        return requests.get(f"{server.url}{page}", headers={"X-Probe": f"{probe}-{number}"}, timeout=30).text

    with ThreadPoolExecutor(max_workers=12) as pool:
        pages = list(pool.map(read, range(READS)))
    pids = set(re.findall(rf"^<(\d+)> {probe}-\d+$", server.log_path.read_text(), re.MULTILINE))
    return pages, pids


def test_a_vote_is_read_by_every_worker_at_once(app, server):
    with app.app_context():
        solution = make_solution(title="Sportello unico senza code")
        solution_id, voter_id = solution.id, make_user().id
    warmed = {}
    for page in PAGES:
        pages, warmed[page] = _read_everywhere(server, page, f"warm{page}")
        assert all("Sportello unico senza code" in text for text in pages)
        assert len(warmed[page]) >= 2, "the reads were spread over several workers, each now holding the page"
    with app.app_context():
        vote_on_solution(db.session.get(User, voter_id), db.session.get(Solution, solution_id), 1)
    pages, answered = _read_everywhere(server, "/leaderboards", "after")
    assert all("1 a favore, 0 contro" in text for text in pages), "a worker served its cached page from before the vote"
    assert len(answered & warmed["/leaderboards"]) >= 2
    home, answered = _read_everywhere(server, "/", "home-after")
    assert len(answered & warmed["/"]) >= 2
    best = [text.split("Opinione meglio votata")[1].split("</dd>")[0] for text in home]
    assert all("Sportello unico senza code" in box for box in best)
