"""Whether the database takes writes, learnt from the writes the site makes (no write per probe).

A database that reads but cannot write (SQLite on a full or read-only disk) answers `SELECT 1`
happily: the last failed write and its time are kept per process, and /healthz reports them for
DATABASE_WRITE_ERROR_SHOWN_FOR seconds, or until a later write of this process succeeds.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import IntegrityError

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@dataclass
class WriteError:
    cause: str
    at: float  # time.monotonic()


_last_error: weakref.WeakKeyDictionary[Engine, WriteError] = weakref.WeakKeyDictionary()


def describe(error: BaseException) -> str:
    """The exception's class and first line, for logs and /healthz (parameters are never in it)."""
    original = getattr(error, "orig", None) or error
    message = str(original).strip().splitlines()[0] if str(original).strip() else ""
    return f"{type(original).__name__}: {message}"[:300]


def _is_write(statement: str | None) -> bool:
    # No statement: the COMMIT itself failed, where SQLite reports a full disk.
    return statement is None or statement.lstrip().upper().startswith(WRITES)


def watch(engine: Engine) -> None:
    """Record failed writes on `engine` and forget them after a successful one."""

    @event.listens_for(engine, "handle_error")
    def failed(context: ExceptionContext) -> None:
        if context.connection is None or context.is_disconnect:
            return  # no connection, or a lost one: reported as "down", not as a disk that refuses writes
        if isinstance(context.sqlalchemy_exception, IntegrityError):
            return  # a conflict is the data's, not the disk's
        if _is_write(context.statement):
            _last_error[engine] = WriteError(describe(context.original_exception), time.monotonic())

    @event.listens_for(engine, "after_cursor_execute")
    def succeeded(connection, cursor, statement, parameters, context, executemany) -> None:
        if _is_write(statement):
            _last_error.pop(engine, None)


def recent_write_error(engine: Engine) -> str | None:
    """The cause of this process's last failed write, while it is recent and no write has succeeded since."""
    error = _last_error.get(engine)
    if error is None or time.monotonic() - error.at > current_app.config["DATABASE_WRITE_ERROR_SHOWN_FOR"]:
        return None
    return error.cause
