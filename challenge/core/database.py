"""Bounded waits on PostgreSQL: a silent network drop becomes an error (and a 503) within seconds.

Without them a connection whose packets vanish waits forever: every sync worker hangs on it
until gunicorn kills them all, and /healthz times out instead of answering 503.
"""

from __future__ import annotations

from typing import Any, cast

import psycopg
from flask import Flask
from sqlalchemy import Engine, event


class _WatchedCursor(psycopg.Cursor):
    """Tells its connection when a statement may write: anything but a plain SELECT, and every COPY."""

    def execute(self, query, params=None, **kwargs):
        cast(BoundedConnection, self.connection).note(query)
        return super().execute(query, params, **kwargs)

    def executemany(self, query, params_seq, **kwargs):
        cast(BoundedConnection, self.connection).note(query)
        return super().executemany(query, params_seq, **kwargs)

    def copy(self, statement, params=None, **kwargs):
        cast(BoundedConnection, self.connection).only_reads = False
        return super().copy(statement, params, **kwargs)


class BoundedConnection(psycopg.Connection):
    """A psycopg connection that waits at most `reply_timeout` seconds for any reply of the server.

    TCP keepalives and tcp_user_timeout catch a link whose packets are lost; this catches the
    rest (a server, or something between, that accepts packets and never answers)."""

    reply_timeout: float | None = None
    only_reads = True  # no statement of the open transaction could have written (see _WatchedCursor)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cursor_factory = _WatchedCursor

    def note(self, query: Any) -> None:
        text = query.decode(errors="replace") if isinstance(query, bytes) else query
        if not isinstance(text, str) or text.lstrip()[:6].upper() != "SELECT":
            self.only_reads = False

    def rollback(self) -> None:
        """End a transaction that only read with COMMIT, which undoes nothing there either: psycopg forgets
        its prepared statements at every ROLLBACK, and every request ends its transaction, so the server
        would otherwise plan each statement of every request anew."""
        if self.only_reads and self.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS:
            super().commit()
        else:
            super().rollback()
        self.only_reads = True

    def commit(self) -> None:
        super().commit()
        self.only_reads = True

    def wait(self, gen, interval: float = 0.1, timeout: float | None = None):
        try:
            return super().wait(gen, interval, timeout if timeout is not None else self.reply_timeout)
        except psycopg.OperationalError:
            # Mid-protocol the connection is in an unknown state: close it, so the pool drops it.
            self.pgconn.finish()
            raise


def connect_args(config: dict[str, Any]) -> dict[str, Any]:
    """libpq's timeouts and keepalives from the DATABASE_* settings."""
    link = int(config["DATABASE_LINK_TIMEOUT"])
    return {
        "connect_timeout": int(config["DATABASE_CONNECT_TIMEOUT"]),  # libpq takes 2 s at least
        "options": f"-c statement_timeout={int(config['DATABASE_STATEMENT_TIMEOUT'] * 1000)}",
        "keepalives": 1,
        "keepalives_idle": max(1, link // 2),
        "keepalives_interval": 1,
        "keepalives_count": max(1, link - link // 2),
        "tcp_user_timeout": link * 1000,  # sent data unacknowledged this long: the link is gone
    }


def configure_engine(app: Flask) -> None:
    """Give PostgreSQL connections their timeouts; call before db.init_app. SQLite is left alone."""
    if not str(app.config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql"):
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    options["connect_args"] = {**connect_args(app.config), **options.get("connect_args", {})}
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _reply_timeout(config: dict[str, Any]) -> float | None:
    """The statement timeout plus a margin; none when 0 turns the statement timeout off (a long migration)."""
    statement_timeout = float(config["DATABASE_STATEMENT_TIMEOUT"])
    return statement_timeout + float(config["DATABASE_LINK_TIMEOUT"]) if statement_timeout > 0 else None


def bound_replies(app: Flask, engine: Engine) -> None:
    """Open the engine's connections as BoundedConnection."""
    if engine.dialect.name != "postgresql":
        return
    reply_timeout = _reply_timeout(app.config)

    @event.listens_for(engine, "do_connect")
    def connect(dialect, connection_record, cargs, cparams):
        connection = BoundedConnection.connect(*cargs, **cparams)
        connection.reply_timeout = reply_timeout
        return connection


def connect_directly(conninfo: str, config: dict[str, Any], **kwargs: Any) -> BoundedConnection:
    """A psycopg connection outside the engine's pool, with the same timeouts."""
    connection = BoundedConnection.connect(conninfo, **{**connect_args(config), **kwargs})
    connection.reply_timeout = _reply_timeout(config)
    return connection
