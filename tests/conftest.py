"""Fixtures: apps shared by the whole run, each test inside a transaction rolled back at its end.

TEST_DATABASE_URL picks the database (PostgreSQL in `make test-postgres`); without it the
suite uses a SQLite file in a temporary folder, so the browser tests' server thread sees it.
Tests whose data must be committed (seen by another thread or process) carry the `committed`
marker: they get fresh apps over emptied tables, as every test did before (docs/development.md, "Tests").
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from jinja2 import FileSystemBytecodeCache
from sqlalchemy import text

from challenge import create_app
from challenge.config import TestConfig
from challenge.core.extensions import db
from tests import isolation
from tests.isolation import KEPT_TABLES, empty_tables  # noqa: F401  (imported by test modules)
from tests.shared_cache import cached_app  # noqa: F401  (a fixture for every test folder)
from tests.smtp_server import smtp_server  # noqa: F401  (a fixture for every test folder)

# Compiled templates kept between apps and runs (keyed by each template's source checksum).
TEMPLATE_CACHE = FileSystemBytecodeCache()
_shared_apps: dict[str, Flask] = {}
_module_connections: dict[object, object] = {}


def postgresql_pass() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


@pytest.hookimpl(trylast=True)  # after tests/browser/conftest.py marks its tests
def pytest_collection_modifyitems(config, items) -> None:
    """The PostgreSQL pass leaves out the tests that do not depend on the database."""
    if not postgresql_pass():
        return
    independent = [item for item in items if item.get_closest_marker("sqlite_only")]
    if independent:
        config.hook.pytest_deselected(items=independent)
        items[:] = [item for item in items if not item.get_closest_marker("sqlite_only")]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL") or ""
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    return url


def make_app(database_url: str, **overrides) -> Flask:
    """A test app bound to the run's database; keyword arguments override the config."""
    config = type("RunConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url, **overrides})
    app = create_app(config)
    app.jinja_env.bytecode_cache = TEMPLATE_CACHE
    return app


def shared_app(database_url: str, copy: int = 0, **overrides) -> Flask:
    """The run's app for these overrides (21 blueprints and the templates set up once);
    `copy` tells apart the apps of a test that asks for the same settings again (another process)."""
    key = repr((copy, sorted(overrides.items())))
    if key not in _shared_apps:
        app = _shared_apps[key] = make_app(database_url, **overrides)
        with app.app_context():
            if db.engine.dialect.name == "sqlite":
                isolation.use_savepoints_on_sqlite(db.engine)
    return _shared_apps[key]


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
    isolation.install()
    return database_url


def committed(request) -> bool:
    return request.node.get_closest_marker("committed") is not None


@pytest.fixture
def app_factory(migrated_database, request) -> Iterator:
    """Apps on the clean database; tests that need other settings call it with them.

    Each set of settings gets one app for the whole run, working inside this test's
    transaction; config changes are undone after the test. `committed` tests get fresh apps.
    """
    fresh: list[Flask] = []
    test = isolation.Isolation(outer=_module_connections.get(request.module))
    asked: Counter[str] = Counter()

    def factory(**overrides) -> Flask:
        other_database = overrides.get("SQLALCHEMY_DATABASE_URI", migrated_database) != migrated_database
        if committed(request) or other_database:
            fresh.append(make_app(migrated_database, **overrides))
            return fresh[-1]
        copy = asked[repr(sorted(overrides.items()))]
        asked[repr(sorted(overrides.items()))] += 1
        return test.bind(shared_app(migrated_database, copy, **overrides))

    yield factory
    test.close()
    for app in fresh:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module")
def module_transaction(migrated_database, request) -> Iterator[Flask]:
    """The run's default app inside a transaction that lasts the module: data built once
    here is seen by each of its tests, which work in a savepoint rolled back at their end."""
    module = isolation.Isolation()
    app = module.bind(shared_app(migrated_database))
    _module_connections[request.module] = module.connection
    yield app
    del _module_connections[request.module]
    module.close()


@pytest.fixture
def app(app_factory, request):
    app = app_factory()
    if committed(request):
        with app.app_context():
            empty_tables()
    return app


@pytest.fixture
def concurrent_app(app_factory, migrated_database):
    """An app whose pool gives each thread its own connection; PostgreSQL only (real concurrency).

    Its data is committed (tables emptied first), whatever the test's markers.
    """
    if not migrated_database.startswith("postgresql"):
        pytest.skip("real concurrency is tested on PostgreSQL")
    app = make_app(migrated_database, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 40, "max_overflow": 0})
    with app.app_context():
        empty_tables()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def csrf_app(app_factory, request):
    """An app with CSRF checks on, to prove that they refuse forged posts."""
    app = app_factory(WTF_CSRF_ENABLED=True)
    if committed(request):
        with app.app_context():
            empty_tables()
    return app


ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
