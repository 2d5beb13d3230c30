"""The version of each cache scope: bumped in the writing transaction, read by every cache hit.

A scope's version is the sum of its shards in the `cache_versions` table; `scopes.py` decides
which scopes a transaction bumps.
"""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, cast

import psycopg
from flask import current_app
from sqlalchemy import Insert, Table, bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..core import database
from ..core.extensions import db
from ..models import CacheVersion

SHARDS = 8


@lru_cache(maxsize=64)
def _upsert(dialect: str, count: int) -> Insert:
    """Add 1 to `count` shards of scopes given at execution (scope_0, shard_0, ...), built once per dialect and count."""
    inserts: dict[str, Callable[[Table], postgresql.Insert | sqlite.Insert]]
    inserts = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
    if dialect not in inserts:
        raise NotImplementedError(f"cache versions on {dialect}")
    table = cast(Table, CacheVersion.__table__)
    rows = [{"scope": bindparam(f"scope_{n}"), "shard": bindparam(f"shard_{n}"), "version": 1} for n in range(count)]
    statement = inserts[dialect](table).values(rows)
    return statement.on_conflict_do_update(index_elements=["scope", "shard"], set_={"version": table.c.version + 1})


def bump(session: Session, scopes: Iterable[str]) -> None:
    """Add 1 to one random shard of each scope, in the session's transaction, in one statement."""
    # Sorted, so two transactions lock the rows of their common scopes in the same order.
    chosen = sorted(set(scopes))
    if not chosen:
        return
    parameters: dict[str, str | int] = {}
    for n, scope in enumerate(chosen):
        parameters |= {f"scope_{n}": scope, f"shard_{n}": random.randrange(SHARDS)}
    session.execute(_upsert(session.get_bind().dialect.name, len(chosen)), parameters)


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
