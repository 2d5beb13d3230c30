"""The password cool-down counts every failure, even when they arrive at once (PostgreSQL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from challenge.account import password_checks
from challenge.core.extensions import db
from challenge.models import PasswordThrottle
from tests.factories import PASSWORD_HASH


@pytest.mark.postgres_only
def test_eight_failures_at_once_all_count(concurrent_app):
    concurrent_app.config.update(RATELIMIT_ENABLED=True, PASSWORD_FREE_FAILURES=100)  # count, never wait
    barrier = threading.Barrier(8)

    def fail() -> bool:
        with concurrent_app.app_context():
            barrier.wait()
            try:
                return password_checks.password_matches("anna@example.it", PASSWORD_HASH, "sbagliata-000")
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(lambda _: fail(), range(8))) == [False] * 8
    with concurrent_app.app_context():
        assert db.session.scalar(select(PasswordThrottle.failure_count)) == 8
