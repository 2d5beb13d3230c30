"""Backends that go away: PostgreSQL behind a proxy we cut, a private Redis we kill and restart.

The machine's PostgreSQL and Redis are shared, so they are never stopped: the app server reaches
PostgreSQL through a small TCP proxy thread, and uses a redis-server process of its own.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import threading
import time

import pytest
import redis
import requests
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from challenge.account import sessions as auth_sessions
from challenge.core.extensions import db
from challenge.models import Solution, SolutionVote, User
from tests.factories import login, make_solution, make_user
from tests.production.conftest import csrf_token, failed_login, free_port, server_env, start_servers

PAGES = ("/", "/challenges", "/leaderboards")


class TcpProxy:
    """Forwards a local port to a server; cut() drops every connection and refuses new ones."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.is_open = True
        self.is_closed = False
        self.forwarding = threading.Event()  # cleared by hold(): packets stop, connections stay open
        self.forwarding.set()
        self.connections: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.is_closed:
            try:
                client, _address = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            if not self.is_open:
                client.close()
                continue
            if not self.forwarding.is_set():  # a silent network: the connection opens, nothing answers
                with self.lock:
                    self.connections.append(client)
                continue
            upstream = socket.create_connection(self.target)
            client.settimeout(None)
            with self.lock:
                self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self.forwarding.wait()
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.is_open = False
        with self.lock:
            for connection in self.connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            self.connections.clear()

    def restore(self) -> None:
        self.is_open = True
        self.forwarding.set()

    def hold(self) -> None:
        """Stop forwarding in both directions without closing anything, like a link that drops packets."""
        self.forwarding.clear()

    def close(self) -> None:
        self.forwarding.set()
        self.cut()
        self.is_closed = True
        self.listener.close()


class RedisServer:
    """A private redis-server without persistence, so killing it loses everything, like a crash."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.client = redis.Redis(port=self.port, socket_connect_timeout=1)
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                self.client.ping()
                return
            except redis.RedisError:
                time.sleep(0.1)
        pytest.fail(f"redis-server did not start on port {self.port}")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def keys(self, pattern: str) -> list[bytes]:
        return self.client.keys(pattern)


def _assert_clear_503(response: requests.Response) -> None:
    assert response.status_code == 503
    assert "Servizio non disponibile" in response.text
    for leak in ("Traceback", "psycopg", "OperationalError"):
        assert leak not in response.text


def _vote_counts(app, solution_id: int) -> tuple[int, int]:
    with app.app_context():
        rows = db.session.scalar(
            select(func.count()).select_from(SolutionVote).where(SolutionVote.solution_id == solution_id)
        )
        return rows, db.session.get(Solution, solution_id).votes_up


def test_a_write_that_fails_midway_leaves_nothing_behind(app, client, monkeypatch):
    """The vote row is written, then the connection dies before the counters move: all is undone."""
    with app.app_context():
        solution = make_solution()
        voter = make_user()
        login(client, voter)
        solution_id, author_id = solution.id, solution.author_id

    def connection_lost(conn, cursor, statement, *args):
        # SQLite writes the author's balance after the vote row; PostgreSQL's one statement includes it.
        if "UPDATE users" in statement:
            raise OperationalError(statement, {}, Exception("server closed the connection unexpectedly"))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", connection_lost)
    try:
        response = client.post(f"/solutions/{solution_id}/vote", data={"value": 1})
    finally:
        event.remove(engine, "before_cursor_execute", connection_lost)
    assert response.status_code == 503
    assert "Traceback" not in response.get_data(as_text=True)
    assert _vote_counts(app, solution_id) == (0, 0)
    with app.app_context():
        assert db.session.get(User, author_id).vote_balance == 0


@pytest.fixture
def postgres_proxy(postgres_url):
    url = make_url(postgres_url)
    proxy = TcpProxy((url.host, url.port or 5432))
    yield proxy, url.set(port=proxy.port).render_as_string(hide_password=False)
    proxy.close()


def test_postgresql_outage_gives_503_and_service_resumes_by_itself(app, postgres_proxy, tmp_path):
    proxy, proxied_url = postgres_proxy
    with app.app_context():
        solution = make_solution(title="Certificati senza sportello")
        token = auth_sessions.start(make_user(), "faults test")
        solution_id = solution.id
    (server,) = start_servers(1, server_env(tmp_path, proxied_url), tmp_path, workers=1)
    try:
        voter = requests.Session()
        voter.cookies.set(app.config["AUTH_COOKIE_NAME"], token)
        form_token = csrf_token(voter.get(f"{server.url}/solutions/{solution_id}").text)

        proxy.cut()
        for path in (*PAGES, f"/solutions/{solution_id}"):
            _assert_clear_503(requests.get(f"{server.url}{path}"))
        health = requests.get(f"{server.url}/healthz")
        assert health.status_code == 503
        assert health.json() == {"status": "unavailable", "database": "down"}
        _assert_clear_503(
            voter.post(f"{server.url}/solutions/{solution_id}/vote", data={"value": 1, "csrf_token": form_token})
        )
        assert _vote_counts(app, solution_id) == (0, 0)

        proxy.restore()
        for path in PAGES:
            assert requests.get(f"{server.url}{path}").status_code == 200
        assert requests.get(f"{server.url}/healthz").json() == {"status": "ok", "database": "up"}
        vote = voter.post(
            f"{server.url}/solutions/{solution_id}/vote",
            data={"value": 1, "csrf_token": form_token},
            headers={"Accept": "application/json"},
        )
        assert vote.status_code == 200 and vote.json()["votes_up"] == 1
        assert _vote_counts(app, solution_id) == (1, 1)
        assert "database unavailable" in server.log()
    finally:
        server.stop()


def _timed_get(url: str) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = requests.get(url, timeout=25)
    return response, time.monotonic() - started


def test_a_silent_drop_to_postgresql_gives_503_within_seconds(app, postgres_proxy, tmp_path):
    """Packets to and from PostgreSQL vanish, nothing closes: the timeouts answer 503 before gunicorn's 30 s."""
    proxy, proxied_url = postgres_proxy
    with app.app_context():
        solution_id = make_solution(title="Sportello digitale per i tributi").id
    env = server_env(
        tmp_path,
        proxied_url,
        FLASK_DATABASE_CONNECT_TIMEOUT="2",
        FLASK_DATABASE_STATEMENT_TIMEOUT="2",
        FLASK_DATABASE_LINK_TIMEOUT="2",
    )
    (server,) = start_servers(1, env, tmp_path, workers=1)
    try:
        assert requests.get(f"{server.url}/solutions/{solution_id}").status_code == 200  # a pooled connection

        proxy.hold()
        health, health_seconds = _timed_get(f"{server.url}/healthz")
        assert health.status_code == 503 and health.json()["database"] == "down"
        page, page_seconds = _timed_get(f"{server.url}/solutions/{solution_id}")
        _assert_clear_503(page)
        assert health_seconds < 10 and page_seconds < 10, (health_seconds, page_seconds)

        proxy.restore()
        assert requests.get(f"{server.url}/solutions/{solution_id}").status_code == 200
    finally:
        server.stop()


@pytest.fixture
def private_redis(postgres_url):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed: the Redis fault test needs it")
    server = RedisServer()
    server.start()
    yield server
    server.kill()


def _failed_logins(server, count: int) -> list[int]:
    return [failed_login(server.url, f"prova{attempt}@example.it") for attempt in range(count)]


def test_redis_outage_degrades_limits_and_cache_and_both_return(app, postgres_url, private_redis, tmp_path):
    with app.app_context():
        make_solution(title="Mense scolastiche prenotabili online")
    env = server_env(
        tmp_path,
        postgres_url,
        REDIS_URL=private_redis.url,
        FLASK_RATELIMIT_LOGIN_PER_IP="3 per minute",
        FLASK_CACHE_RETRY_AFTER="1",
    )
    # One worker, so the in-memory fallback counts in a single, predictable place.
    (server,) = start_servers(1, env, tmp_path, workers=1)
    try:
        assert requests.get(f"{server.url}/leaderboards").status_code == 200
        assert private_redis.keys("sfide:*")
        assert _failed_logins(server, 4) == [422, 422, 422, 429]
        assert private_redis.keys("*LIMITER*")

        private_redis.kill()
        for path in PAGES:
            assert requests.get(f"{server.url}{path}").status_code == 200
        assert "Mense scolastiche prenotabili online" in requests.get(f"{server.url}/leaderboards").text
        assert requests.get(f"{server.url}/healthz").json() == {"status": "degraded", "database": "up", "redis": "down"}
        # Limits still hold, counted in the process's memory from zero.
        assert _failed_logins(server, 4) == [422, 422, 422, 429]

        private_redis.start()
        deadline = time.monotonic() + 60
        while not (private_redis.keys("sfide:*") and private_redis.keys("*LIMITER*")):
            assert time.monotonic() < deadline, "the app did not go back to Redis within 60 s"
            requests.get(f"{server.url}/leaderboards")
            _failed_logins(server, 1)
            time.sleep(0.5)
        assert requests.get(f"{server.url}/healthz").json() == {"status": "ok", "database": "up", "redis": "up"}
    finally:
        server.stop()
