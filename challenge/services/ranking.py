"""Ranking keys stored on each solution, and the formulas the leaderboards page documents.

Each key exists twice: as Python (the loader, recount, a new solution) and as SQL (a vote's
single UPDATE computes the new counts and keys in the database, under the row lock that
keeps them in step). The SQL repeats the Python operation for operation in IEEE doubles,
so both store the very same float; on SQLite, whose builds may lack math functions or
compute log10 differently, the database calls Python's own `sqrt` and `log10`.
"""

from __future__ import annotations

import math
import sqlite3
from datetime import datetime

from flask import Flask
from sqlalchemy import Float, case, cast, event, func
from sqlalchemy.sql.elements import ColumnElement

from ..extensions import db

# 95 % confidence: the normal quantile for a two-sided interval.
WILSON_Z = 1.959963984540054
# Hot: a tenfold net score is worth HOT_DECAY_SECONDS of youth (12.5 hours).
HOT_EPOCH = datetime(2020, 1, 1)
HOT_DECAY_SECONDS = 45_000


def wilson_lower_bound(up: int, down: int) -> float:
    """Lower bound of the Wilson score interval on the share of +1 votes (0 without votes)."""
    total = up + down
    if total == 0:
        return 0.0
    z2 = WILSON_Z * WILSON_Z
    share = up / total
    centre = share + z2 / (2 * total)
    margin = WILSON_Z * math.sqrt((share * (1 - share) + z2 / (4 * total)) / total)
    return (centre - margin) / (1 + z2 / total)


def wilson_lower_bound_sql(up: ColumnElement[int], down: ColumnElement[int]) -> ColumnElement[float]:
    """`wilson_lower_bound` of two integer SQL expressions, computed by the database."""
    # Doubles from the start: SQLAlchemy would make an integer division NUMERIC on PostgreSQL.
    total = cast(up + down, Float)
    z2 = WILSON_Z * WILSON_Z
    share = cast(up, Float) / total
    centre = share + z2 / (2 * total)
    margin = WILSON_Z * func.sqrt((share * (1 - share) + z2 / (4 * total)) / total)
    return case((total == 0, 0.0), else_=(centre - margin) / (1 + z2 / total))


def hot_score(up: int, down: int, created_at: datetime) -> float:
    """sign(net) · log10(max(|net|, 1)) + age in seconds since HOT_EPOCH / HOT_DECAY_SECONDS.

    Newer solutions start higher, so the key never needs recomputing as time passes:
    a solution 12.5 hours younger needs ten times fewer net votes to rank the same.
    """
    net = up - down
    order = math.log10(max(abs(net), 1))
    sign = (net > 0) - (net < 0)
    return sign * order + hot_youth(created_at)


def hot_youth(created_at: datetime) -> float:
    """The part of the hot score that depends on the creation time only."""
    return (created_at - HOT_EPOCH).total_seconds() / HOT_DECAY_SECONDS


def hot_score_sql(
    up: ColumnElement[int], down: ColumnElement[int], youth: ColumnElement[float] | float
) -> ColumnElement[float]:
    """`hot_score` of two integer SQL expressions, given the creation time's part (`hot_youth`)."""
    net = up - down
    order = case(
        (net > 0, func.log10(cast(net, Float))),
        (net < 0, -func.log10(cast(-net, Float))),
        else_=0.0,
    )
    return order + youth


def init_app(app: Flask) -> None:
    """Give SQLite connections Python's `sqrt` and `log10`, which the ranking SQL calls."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _add_sqlite_math)


def _add_sqlite_math(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.create_function("sqrt", 1, math.sqrt, deterministic=True)
    dbapi_connection.create_function("log10", 1, math.log10, deterministic=True)
