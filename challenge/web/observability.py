"""One structured log line per request, and 503 instead of a traceback when a backend is down."""

from __future__ import annotations

import json
import logging
import secrets
import sys
import time

import redis
from flask import Flask, current_app, g, request
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError

from ..core.extensions import db, login_manager
from ..core.write_health import describe, recent_write_error

request_log = logging.getLogger("sfide.request")


def _start_timer() -> None:
    g.request_started = time.perf_counter()
    # Reuse a proxy's id when it sends a sane one, so lines can be joined across hops.
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if incoming.isalnum() and len(incoming) <= 64 else secrets.token_hex(8)


def _log_request(response):
    duration_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    response.headers["X-Request-ID"] = g.get("request_id", "")
    # Only the path: query strings and headers may carry things that must never be logged.
    request_log.info(
        json.dumps(
            {
                "request_id": g.get("request_id"),
                "method": request.method,
                "path": _logged_path(),
                "status": response.status_code,
                "duration_ms": round(duration_ms, 1),
            }
        )
    )
    return response


def _logged_path() -> str:
    # Links from emails carry their secret in the path: log the route's pattern instead.
    if request.url_rule is not None and "token" in (request.view_args or {}):
        return request.url_rule.rule
    return request.path


def _database_unavailable(error: DBAPIError):
    """The database did not answer: nothing was half-written (the transaction is rolled back)."""
    from .errors import render_error

    db.session.rollback()
    # Draw the page as for an anonymous reader: loading the account would need the database again.
    g._login_user = login_manager.anonymous_user()
    logging.getLogger("sfide").error("database unavailable (request %s): %s", g.get("request_id"), describe(error))
    return render_error(503)


def _database_answers() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True


def _redis_answers(url: str) -> bool:
    client = current_app.extensions.get("health_redis")
    if client is None:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        current_app.extensions["health_redis"] = client
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False


def backend_status() -> dict[str, str]:
    """ "up", "read-only" (with the last write error) or "down" for the database; Redis too when REDIS_URL is set."""
    report = {"database": "up" if _database_answers() else "down"}
    write_error = recent_write_error(db.engine) if report["database"] == "up" else None
    if write_error:
        report.update(database="read-only", write_error=write_error)
    if current_app.config.get("REDIS_URL"):
        report["redis"] = "up" if _redis_answers(current_app.config["REDIS_URL"]) else "down"
    return report


def _configure_logging(app: Flask) -> None:
    if request_log.handlers or app.testing:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    for name in ("sfide", "sfide.request", "flask-limiter"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def _ceiling() -> str:
    """The benchmark's ceiling: the whole request cycle of this app around a view that does nothing."""
    return "ok"


def init_app(app: Flask) -> None:
    """Register the timer, the log line, the 503 handler, and with BENCH_CEILING the ceiling route."""
    _configure_logging(app)
    if app.config.get("BENCH_CEILING"):
        app.add_url_rule("/bench/ceiling", "bench_ceiling", _ceiling)
    app.before_request(_start_timer)
    app.after_request(_log_request)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(InterfaceError, _database_unavailable)
