"""A replaced or restored database is never served from an older cache: its identity differs."""

from __future__ import annotations

import subprocess
import uuid

import psycopg
import pytest
import redis
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.engine import make_url

from challenge.cache import identity as cache_identity
from challenge.cache import scopes as cache_scopes
from challenge.cache import versions as cache_versions
from challenge.core.extensions import db
from challenge.models import Solution
from tests.conftest import empty_tables, make_app
from tests.factories import make_solution

# Migrations, pg_dump and pg_restore work on connections of their own: the data must be committed.
pytestmark = pytest.mark.committed

OWN_REDIS = "redis://127.0.0.1:6379/6"


def _identity() -> int:
    return cache_versions.versions([cache_identity.DATABASE])[cache_identity.DATABASE]


def _rename_behind_the_cache(solution_id: int, title: str) -> None:
    db.session.execute(text("UPDATE solutions SET title = :title WHERE id = :id"), {"title": title, "id": solution_id})
    db.session.commit()


def test_a_cached_page_is_not_served_once_the_database_identity_differs(app_factory):
    app = app_factory(CACHE_BACKEND="memory")
    with app.app_context():
        empty_tables()
        cache_identity.renew(db.session())
        db.session.commit()
        solution_id = make_solution(title="Prima versione").id
    visitor = app.test_client()
    assert "Prima versione" in visitor.get(f"/solutions/{solution_id}").get_data(as_text=True)
    with app.app_context():
        _rename_behind_the_cache(solution_id, "Seconda versione")
    assert "Prima versione" in visitor.get(f"/solutions/{solution_id}").get_data(as_text=True), "from the cache"
    with app.app_context():  # as another database, or a restore, would have it
        db.session.execute(text("UPDATE cache_versions SET version = version + 1 WHERE scope = 'database'"))
        db.session.commit()
    assert "Seconda versione" in visitor.get(f"/solutions/{solution_id}").get_data(as_text=True)


def test_recount_and_a_new_database_draw_a_new_identity(app_factory):
    app = app_factory()
    with app.app_context():
        empty_tables()
        downgrade(revision="0017_search")
        upgrade()
        first = _identity()
        downgrade(revision="0017_search")
        upgrade()
        second = _identity()
        assert 0 not in (first, second) and first != second
    assert app.test_cli_runner().invoke(args=["recount"]).exit_code == 0
    with app.app_context():
        assert _identity() not in (0, second)


@pytest.fixture
def restored_database(migrated_database):
    """An empty database beside the test one for `pg_restore`, dropped afterwards."""
    if not migrated_database.startswith("postgresql"):
        pytest.skip("pg_dump and pg_restore need PostgreSQL")
    url = make_url(migrated_database)
    name = f"{url.database}_restored"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _edit_title(solution_id: int, title: str) -> None:
    """An edit through the session: it bumps the solution's scopes, the same way on either database."""
    db.session.get_one(Solution, solution_id).title = title
    db.session.commit()


def test_after_a_documented_restore_no_page_of_the_old_database_is_served(app_factory, restored_database, tmp_path):
    client = redis.Redis.from_url(OWN_REDIS, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {OWN_REDIS}: {error}")
    settings = {"CACHE_BACKEND": "redis", "CACHE_REDIS_URL": OWN_REDIS, "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}:"}
    live = app_factory(**settings)
    with live.app_context():
        empty_tables()
        cache_identity.renew(db.session())
        db.session.commit()
        solution_id = make_solution(title="Prima versione").id
        dump = tmp_path / "sfide.dump"
        subprocess.run(["pg_dump", "-Fc", "--no-owner", "-d", _libpq(str(db.engine.url)), "-f", str(dump)], check=True)
        cache_versions.bump(db.session(), [cache_scopes.GENERATION])  # as the recount after the restore will
        _edit_title(solution_id, "Seconda versione")  # after the backup, then cached in Redis
    page = f"/solutions/{solution_id}"
    assert "Seconda versione" in live.test_client().get(page).get_data(as_text=True)

    subprocess.run(["pg_restore", "--no-owner", "-d", _libpq(restored_database), str(dump)], check=True)
    restored = make_app(restored_database, **settings)
    try:
        assert restored.test_cli_runner().invoke(args=["recount"]).exit_code == 0  # the restore procedure
        with restored.app_context():
            _edit_title(solution_id, "Terza versione")  # the same bumps as the edit on the old database
        body = restored.test_client().get(page).get_data(as_text=True)
        assert "Terza versione" in body and "Seconda versione" not in body
    finally:
        with restored.app_context():
            db.session.remove()
            db.engine.dispose()
        for key in client.scan_iter(f"{settings['CACHE_KEY_PREFIX']}*"):
            client.delete(key)
