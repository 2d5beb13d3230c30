"""Fixtures: an app per test over a database migrated once per run and emptied between tests.

TEST_DATABASE_URL picks the database (PostgreSQL in `make test-postgres`); without it the
suite uses a SQLite file in a temporary folder, so the browser tests' server thread sees it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from challenge import create_app
from challenge.config import TestConfig
from challenge.core.extensions import db
from tests.smtp_server import smtp_server  # noqa: F401  (a fixture for every test folder)

# Reference rows come from the migration and stay; everything else is emptied per test.
KEPT_TABLES = {"alembic_version", "themes", "sdgs"}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL") or ""
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    return url


def make_app(database_url: str, **overrides):
    """A test app bound to the run's database; keyword arguments override the config."""
    config = type("RunConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url, **overrides})
    return create_app(config)


def reset_schema(url: str) -> None:
    """Drop everything, so the run starts from an empty database."""
    app = make_app(url)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        else:
            db.drop_all()
            with db.engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()


@pytest.fixture(scope="session")
def migrated_database(database_url) -> str:
    """The run's database, brought to the newest migration once."""
    reset_schema(database_url)
    app = make_app(database_url)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


def empty_tables() -> None:
    """Delete every row except reference data, children first."""
    tables = [table for table in reversed(db.metadata.sorted_tables) if table.name not in KEPT_TABLES]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app_factory(migrated_database):
    """Build apps on the clean database; tests that need other settings call it."""
    apps = []

    def factory(**overrides):
        app = make_app(migrated_database, **overrides)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(app_factory):
    app = app_factory()
    with app.app_context():
        empty_tables()
    return app


@pytest.fixture
def concurrent_app(app_factory, migrated_database):
    """An app whose pool gives each thread its own connection; PostgreSQL only (real concurrency)."""
    if not migrated_database.startswith("postgresql"):
        pytest.skip("real concurrency is tested on PostgreSQL")
    app = app_factory(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 40, "max_overflow": 0})
    with app.app_context():
        empty_tables()
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def csrf_app(app_factory):
    """An app with CSRF checks on, to prove that they refuse forged posts."""
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        empty_tables()
    return app


ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
