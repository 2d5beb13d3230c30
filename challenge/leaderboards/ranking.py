"""Ranking keys stored on each solution, and the formulas the leaderboards page documents.

Each key exists twice: as Python (the loader, recount) and as SQL (a vote's single UPDATE
computes the new counts and keys in the database, under the row lock that keeps them in
step). The Wilson SQL repeats the Python operation for operation in IEEE doubles, so both
store the very same float; on SQLite, whose builds may lack math functions, the database
calls Python's own `sqrt`. The hot score is a sum of per-vote weights: a vote adds or
subtracts its own weight, which PostgreSQL computes from the vote row's first time
(`hot_weight_sql`, operation for operation as `hot_weight`, whose result SQLite's
step-by-step vote is given).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import BigInteger, Float, SQLColumnExpression, case, cast, event, func
from sqlalchemy.sql.elements import ColumnElement

from ..core.extensions import db

# 95 % confidence: the normal quantile for a two-sided interval.
WILSON_Z = 1.959963984540054
# Hot: every vote counts with a weight that doubles every HOT_HALF_LIFE, so a vote of a week
# ago weighs half one of today. Weights grow with the vote's time instead of shrinking with
# age, so the stored sum never needs recomputing: at any moment, dividing every solution's
# sum by today's weight would give the decayed vote counts, in the same order.
HOT_EPOCH = datetime(2026, 1, 1)
HOT_HALF_LIFE = timedelta(days=7)
# Weights are whole multiples of a power of two with HOT_WEIGHT_BITS significant bits, so
# sums of the weights of votes cast within ~30 weeks of each other are exact doubles in any
# order: the vote's UPDATE, the recount and a withdrawal all land on the very same float.
HOT_WEIGHT_BITS = 20


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


def hot_weight(voted_at: datetime) -> float:
    """2 ** (half-lives from HOT_EPOCH to `voted_at`), rounded to HOT_WEIGHT_BITS significant bits.

    Doubles reach 2 ** 1023: about 19 years of weekly half-lives after HOT_EPOCH. Moving the
    epoch forward by whole half-lives divides every stored sum by a power of two, exactly.
    """
    half_lives = (voted_at - HOT_EPOCH) / HOT_HALF_LIFE
    whole = math.floor(half_lives)
    mantissa = round(2.0 ** (half_lives - whole) * 2**HOT_WEIGHT_BITS)
    return math.ldexp(mantissa, whole - HOT_WEIGHT_BITS)


def hot_weight_sql(voted_at: ColumnElement[datetime]) -> ColumnElement[float]:
    """`hot_weight` of a timestamp column, computed by PostgreSQL in the very same doubles.

    Every step is exact or correctly rounded on both sides: whole microseconds divided as
    doubles (Python divides the two integers, correctly rounded), C's `pow` (both call the
    same libm), rounding half to even (`round` in Python, `rint` in PostgreSQL) and a power of two.
    """

    def double(value: object) -> ColumnElement[float]:
        return cast(value, Float)

    microseconds = cast(func.extract("epoch", voted_at - HOT_EPOCH) * 1_000_000, BigInteger)
    half_lives = double(microseconds) / double(HOT_HALF_LIFE // timedelta(microseconds=1))
    whole = func.floor(half_lives)
    mantissa = func.round(func.power(double(2.0), half_lives - whole) * double(2**HOT_WEIGHT_BITS))
    return mantissa * func.power(double(2.0), whole - HOT_WEIGHT_BITS)


def hot_score(votes: Iterable[tuple[int, datetime]]) -> float:
    """Sum of value · hot_weight(created_at) over a solution's votes ((+1 | -1, created_at) pairs).

    A vote counts from the moment it was first cast: changing sides flips its sign but keeps
    its weight, so changing one's mind back and forth cannot make a solution look recent.
    """
    return math.fsum(value * hot_weight(voted_at) for value, voted_at in votes)


def hot_score_sql(
    stored: SQLColumnExpression[float],
    delta: SQLColumnExpression[float],
    up: SQLColumnExpression[int],
    down: SQLColumnExpression[int],
) -> ColumnElement[float]:
    """The new stored hot score after a vote: `stored + delta`, and exactly 0 once no vote is left.

    `up` and `down` are the new counts; with no vote left the sum is 0 by definition, even if
    weights more than ~30 weeks apart were rounded on the way.
    """
    return case((up + down == 0, 0.0), else_=stored + delta)


def init_app(app: Flask) -> None:
    """Give SQLite connections Python's `sqrt`, which the ranking SQL calls."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _add_sqlite_math)


def _add_sqlite_math(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.create_function("sqrt", 1, math.sqrt, deterministic=True)
