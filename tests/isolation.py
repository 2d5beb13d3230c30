"""Per-test isolation by a rolled-back transaction, for apps shared by the whole run.

Every app a test uses on the run's database works on one connection with an outer transaction;
sessions join it with a SAVEPOINT (`join_transaction_mode="create_savepoint"`), so the app's own
commits and rollbacks stay inside it, and the test's end rolls it all back. Only the test's own
thread may use that connection: tests whose data must be seen by another thread or process use
the `committed` marker (docs/development.md, "Tests").
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_app_context
from flask_sqlalchemy.session import Session
from sqlalchemy import Connection, event, exists, select, text
from sqlalchemy.engine import Engine

from challenge.cache import entries as caching
from challenge.cache import versions as cache_versions
from challenge.core.extensions import db, limiter

# Reference rows come from the migration and stay; everything else is emptied.
KEPT_TABLES = {"alembic_version", "themes", "sdgs"}

_bound: dict[Flask, Connection] = {}


def emptied_tables() -> list:
    return [table for table in reversed(db.metadata.sorted_tables) if table.name not in KEPT_TABLES]


def empty_tables() -> None:
    """Delete every row except reference data, children first."""
    tables = emptied_tables()
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        append_only = _drop_append_only_triggers()
        for table in tables:
            db.session.execute(table.delete())
        for sql in append_only:
            db.session.execute(text(sql))
    db.session.commit()


def _drop_append_only_triggers() -> list[str]:
    """SQLite cannot disable triggers: drop those that refuse DELETE on a log and give back their SQL."""
    triggers = db.session.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'moderation_actions'")
    ).all()
    for name, _sql in triggers:
        db.session.execute(text(f'DROP TRIGGER "{name}"'))
    return [sql for _name, sql in triggers]


def _anything_left() -> bool:
    """One query: does any emptied table hold a row (left by a test that committed)?"""
    checks = [exists(select(1).select_from(table)) for table in emptied_tables()]
    return any(db.session.execute(select(*checks)).one())


def use_savepoints_on_sqlite(engine: Engine) -> None:
    """pysqlite's own transaction handling breaks SAVEPOINT: let SQLAlchemy emit BEGIN itself
    (SQLAlchemy's docs, "Serializable isolation / Savepoints / Transactional DDL")."""

    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    engine.dispose()


def _bound_connection() -> Connection | None:
    return _bound.get(current_app._get_current_object()) if has_app_context() else None  # type: ignore[attr-defined]


def install() -> None:
    """Sessions of a bound app use its test connection; others pick their engine as usual.
    Version reads go through that connection too: the process's direct one would not see
    the test's uncommitted bumps (and would wait on its locks)."""
    pick_engine = Session.get_bind
    read_directly = cache_versions._read_directly

    def get_bind(self, *args, **kwargs):
        return _bound_connection() or pick_engine(self, *args, **kwargs)

    def read_committed_versions(wanted):
        return None if _bound_connection() is not None else read_directly(wanted)

    Session.get_bind = get_bind  # type: ignore[method-assign]
    cache_versions._read_directly = read_committed_versions
    db.session.session_factory.configure(join_transaction_mode="create_savepoint")


class Isolation:
    """One test's outer transaction, shared by every app it binds, and the apps' state to restore.

    Inside a module's transaction (`module_transaction`) the test takes a savepoint of it instead,
    so it sees the module's data and leaves it as it found it.
    """

    def __init__(self, outer: Connection | None = None) -> None:
        self.outer = outer
        self.connection: Connection | None = None
        self.savepoint: Any = None
        self.configs: dict[Flask, dict] = {}
        self.previous: dict[Flask, Connection | None] = {}

    def bind(self, app: Flask) -> Flask:
        if app in self.configs:
            return app
        self.configs[app] = dict(app.config)
        # The limiter is one object for every app: its switch and its (fresh) store follow
        # the app set up last, as when every test built its own.
        limiter.init_app(app)
        if self.connection is None:
            self._begin(app)
        self.previous[app] = _bound.get(app)
        _bound[app] = self.connection  # type: ignore[assignment]
        return app

    def _begin(self, app: Flask) -> None:
        if self.outer is not None:
            self.connection = self.outer
            self.savepoint = self.outer.begin_nested()
            return
        with app.app_context():
            if _anything_left():
                empty_tables()
            db.session.remove()
            self.connection = db.engine.connect()
            self.connection.begin()

    def close(self) -> None:
        for app, config in self.configs.items():
            with app.app_context():
                db.session.remove()
                _reset_state(app)
            _restore_binding(app, self.previous[app])
            app.config.clear()
            app.config.update(config)
        if self.savepoint is not None:
            if self.savepoint.is_active:
                self.savepoint.rollback()
        elif self.connection is not None:
            self.connection.rollback()
            # Closed for good, not kept in its app's pool: the run shares dozens of apps, and a pooled
            # connection each would reach the server's limit of clients.
            self.connection.invalidate()
            self.connection.close()


def _restore_binding(app: Flask, previous: Connection | None) -> None:
    if previous is None:
        _bound.pop(app, None)
    else:
        _bound[app] = previous


def _reset_state(app: Flask) -> None:
    """What a request may leave in a shared app: the in-process cache."""
    state = app.extensions["public_cache"]
    if isinstance(state["store"], caching.MemoryStore):
        state["store"] = caching.MemoryStore(app.config["CACHE_MEMORY_MAX_BYTES"], caching.size_of)
    if state["copies"] is not None:
        state["copies"] = caching.LocalCopies()
    state["down_until"] = 0.0
