"""/healthz tells a database that reads but refuses writes from a healthy one, and the log names the cause.

The embedded SQLite is opened read-only (`mode=ro`), as a read-only or full disk would leave it:
`SELECT 1` still answers, every write fails. Runs on SQLite whatever the run's database.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from challenge import create_app
from challenge.config import TestConfig
from challenge.core.extensions import db
from challenge.core.write_health import recent_write_error
from challenge.models import Sdg


def sqlite_app(url: str, **settings):
    return create_app(type("SqliteConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url, **settings}))


@pytest.fixture
def database_file(tmp_path):
    path = tmp_path / "sfide.db"
    app = sqlite_app(f"sqlite:///{path}")
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return path


def read_only_app(path, **settings):
    app = sqlite_app(f"sqlite:///file:{path}?mode=ro&uri=true", **settings)

    @app.post("/test-write")
    def write():
        db.session.execute(text("INSERT INTO sdgs (number, name_it, name_en) VALUES (99, 'prova', 'test')"))
        db.session.commit()
        return "written"

    return app


def test_healthz_reports_a_database_that_refuses_writes_and_the_log_names_why(database_file, caplog):
    app = read_only_app(database_file)
    client = app.test_client()
    assert client.get("/healthz").json == {"status": "ok", "database": "up"}

    with caplog.at_level(logging.ERROR, logger="sfide"):
        assert client.post("/test-write").status_code == 503
    assert "OperationalError: attempt to write a readonly database" in caplog.text

    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json == {
        "status": "degraded",
        "database": "read-only",
        "write_error": "OperationalError: attempt to write a readonly database",
    }


def test_the_write_error_is_forgotten_after_its_time_or_a_write_that_succeeds(database_file):
    app = read_only_app(database_file, DATABASE_WRITE_ERROR_SHOWN_FOR=0)
    client = app.test_client()
    client.post("/test-write")
    assert client.get("/healthz").json["database"] == "up"  # shown for 0 seconds

    app = read_only_app(database_file)
    client = app.test_client()
    client.post("/test-write")
    with app.app_context():
        assert recent_write_error(db.engine)
    # The disk is writable again: the same file opened read-write, the same engine's next write succeeds.
    writable = sqlite_app(f"sqlite:///{database_file}")
    with writable.app_context():
        db.session.add(Sdg(number=98, name_it="prova", name_en="test"))
        db.session.commit()
        assert recent_write_error(db.engine) is None
    with app.app_context():
        assert recent_write_error(db.engine)  # another engine's write says nothing about this one
