"""Real gunicorn app servers over the run's PostgreSQL database, started and always stopped here.

These tests run in the PostgreSQL pass of `make test`; they are skipped, with the reason in the
summary, when the run uses SQLite or when Redis or gunicorn is missing.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
SECRET_KEY = "production-tests-only-secret-key"
# Another database for the PostgreSQL pass, which `make test` runs at the same time as the SQLite one.
SHARED_REDIS = f"redis://127.0.0.1:6379/{15 if os.environ.get('TEST_DATABASE_URL') else 13}"
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def pytest_collection_modifyitems(items) -> None:
    """The app servers are other processes: what these tests write must be committed."""
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.committed)


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def csrf_token(html: str) -> str:
    """The CSRF token of the first form in a page."""
    match = CSRF_FIELD.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def failed_login(base_url: str, email: str) -> int:
    """The status of a sign-in with a wrong password, from a fresh visitor."""
    browser = requests.Session()
    token = csrf_token(browser.get(f"{base_url}/auth/login").text)
    answer = browser.post(
        f"{base_url}/auth/login", data={"email": email, "password": "sbagliata-123", "csrf_token": token}
    )
    return answer.status_code


class AppServer:
    """One gunicorn instance serving wsgi:app with production settings."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int = 2) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        command = [
            str(GUNICORN),
            "--no-control-socket",
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "wsgi:app",
        ]
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def wait_until_ready(self, timeout: float = 60) -> None:
        """Poll /healthz until it answers 200; fail with the server's log if it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or a worker still booting
                pass
            time.sleep(0.2)
        pytest.fail(f"gunicorn on port {self.port} was not ready after {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def postgres_url(migrated_database) -> str:
    if not migrated_database.startswith("postgresql"):
        pytest.skip("app-server tests run in the PostgreSQL pass only (set TEST_DATABASE_URL to a PostgreSQL database)")
    if not GUNICORN.exists():
        pytest.skip(f"gunicorn is missing at {GUNICORN}: run `make setup`")
    return migrated_database


def require_redis(url: str) -> redis.Redis:
    """A client for `url`, or skip when no Redis answers there."""
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis does not answer at {url} ({error}): start redis-server to run these tests")
    return client


def server_env(tmp_path: Path, database_url: str, **settings: str) -> dict[str, str]:
    """The environment of a production server: no TLS here, so the secure-cookie flag is off."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("FLASK_", "TEST_DATABASE"))}
    env.update(
        SFIDE_CONFIG="prod",
        SFIDE_INSTANCE_PATH=str(tmp_path),
        DATABASE_URL=database_url,
        SECRET_KEY=SECRET_KEY,
        FLASK_SESSION_COOKIE_SECURE="false",
        **settings,
    )
    return env


def start_servers(count: int, env: dict[str, str], log_dir: Path, workers: int = 2) -> list[AppServer]:
    """Start `count` servers side by side and wait until each one answers."""
    servers = [AppServer(env, log_dir / f"gunicorn-{n}.log", workers) for n in range(count)]
    try:
        for server in servers:
            server.wait_until_ready()
    except BaseException:
        for server in servers:
            server.stop()
        raise
    return servers
