"""The version of each cache scope: bumped in the writing transaction, read by every cache hit.

A scope's version is the sum of its shards in the `cache_versions` table; `cache_scopes` decides
which scopes a transaction bumps.
"""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Iterable
from typing import Any

import psycopg
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..core import database
from ..core.extensions import db
from ..models import CacheVersion

SHARDS = 8


def _upsert(session: Session):
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql_insert
    if dialect == "sqlite":
        return sqlite_insert
    raise NotImplementedError(f"cache versions on {dialect}")


def bump(session: Session, scopes: Iterable[str]) -> None:
    """Add 1 to one random shard of each scope, in the session's transaction."""
    table = CacheVersion.__table__
    # Sorted, so two transactions lock the rows of their common scopes in the same order.
    rows = [{"scope": scope, "shard": random.randrange(SHARDS), "version": 1} for scope in sorted(set(scopes))]
    if not rows:
        return
    statement = _upsert(session)(table).values(rows)
    session.execute(
        statement.on_conflict_do_update(index_elements=["scope", "shard"], set_={"version": table.c.version + 1})
    )


_VERSIONS_SQL = "SELECT scope, SUM(version) FROM cache_versions WHERE scope = ANY(%s) GROUP BY scope"
# Per process (a forked worker opens its own) and database: one autocommit connection, which
# psycopg lets threads share (their statements take turns).
_readers: dict[tuple[int, Any], psycopg.Connection] = {}
_readers_lock = threading.Lock()


def versions(scopes: Iterable[str]) -> dict[str, int]:
    """The current (committed) version of each scope, 0 for a scope never bumped."""
    wanted = sorted(set(scopes))
    rows: Iterable[Any] | None = _read_directly(wanted) if db.engine.dialect.name == "postgresql" else None
    if rows is None:
        statement = (
            select(CacheVersion.scope, func.sum(CacheVersion.version))
            .where(CacheVersion.scope.in_(wanted))
            .group_by(CacheVersion.scope)
        )
        rows = db.session.execute(statement).all()
    found = {scope: int(total) for scope, total in rows}
    return {scope: found.get(scope, 0) for scope in wanted}


def _read_directly(wanted: list[str]) -> list[tuple[str, int]] | None:
    """Every cache hit asks for versions: on PostgreSQL they are read on the process's own autocommit
    connection with the statement prepared, so a hit costs one round trip and no pool checkout, ping
    or BEGIN. None (and the connection dropped) on any error: the caller asks through the session
    instead, whose errors the app turns into its 503 page."""
    key = (os.getpid(), db.engine.url)
    try:
        with _readers_lock:
            if key not in _readers:
                conninfo = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
                _readers[key] = database.connect_directly(conninfo, current_app.config, autocommit=True)
            connection = _readers[key]
        return connection.execute(_VERSIONS_SQL, (wanted,), prepare=True).fetchall()
    except psycopg.Error:
        with _readers_lock:
            dropped = _readers.pop(key, None)
        if dropped is not None:
            dropped.close()
        return None
