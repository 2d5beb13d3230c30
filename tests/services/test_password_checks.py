"""The password cool-down counts every failure, even when they arrive at once (PostgreSQL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from challenge.extensions import db
from challenge.models import PasswordThrottle
from challenge.services import password_checks
from tests.conftest import empty_tables
from tests.factories import PASSWORD_HASH


@pytest.fixture
def concurrent_app(app_factory, migrated_database):
    if not migrated_database.startswith("postgresql"):
        pytest.skip("real concurrency is tested on PostgreSQL")
    app = app_factory(RATELIMIT_ENABLED=True, PASSWORD_FREE_FAILURES=100, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 10, "max_overflow": 0})
    with app.app_context():
        empty_tables()
    return app


@pytest.mark.postgres_only
def test_eight_failures_at_once_all_count(concurrent_app):
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
