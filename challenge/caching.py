"""A shared cache for what anonymous visitors see most, invalidated by a version stamp.

Each cached value's key carries the current version stamp. The services whose writes change
public numbers call `public_data_changed()`; once their transaction commits, the stamp is
replaced, so every server's next read recomputes. The short CACHE_DEFAULT_TIMEOUT bounds how
stale a value can be where no stamp change reaches (several processes without Redis).
A cache that fails (Redis down or slow) is left alone for CACHE_RETRY_AFTER seconds and
values are computed meanwhile: the cache can make pages faster, never make them fail.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Callable, TypeVar

from flask import Flask, current_app
from flask_babel import get_locale
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import cache, db

T = TypeVar("T")
VERSION_KEY = "public-data-version"
_CHANGED = "public_data_changed"
CACHE_ERRORS = (RedisError, OSError)
log = logging.getLogger("sfide")


def _state() -> dict:
    return current_app.extensions["public_cache"]


def _usable() -> bool:
    return time.monotonic() >= _state()["down_until"]


def _failed(error: Exception) -> None:
    _state()["down_until"] = time.monotonic() + current_app.config["CACHE_RETRY_AFTER"]
    log.warning("cache unavailable, computing values directly: %s", type(error).__name__)


def cached_public_data(name: str, compute: Callable[[], T], *key_parts: object) -> T:
    """compute(), or its cached value for this name, key parts, language and data version."""
    if not _usable():
        return compute()
    try:
        version = cache.get(VERSION_KEY) or "0"
        key = ":".join(str(part) for part in (name, version, get_locale(), *key_parts))
        value = cache.get(key)
    except CACHE_ERRORS as error:
        _failed(error)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value)
        except CACHE_ERRORS as error:
            _failed(error)
    return value


def public_data_changed() -> None:
    """Mark the current transaction: when it commits, cached public data is out of date."""
    db.session.info[_CHANGED] = True


def _replace_version() -> None:
    if not _usable():
        return
    try:
        # A fresh random stamp rather than a counter: no read-modify-write race, no expiry.
        cache.set(VERSION_KEY, secrets.token_hex(8), timeout=0)
    except CACHE_ERRORS as error:
        _failed(error)


def _after_commit(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        _replace_version()


def _after_rollback(session: Session, previous_transaction) -> None:
    session.info.pop(_CHANGED, None)


def init_app(app: Flask) -> None:
    """Bind the cache to the app and listen for commits that change public data."""
    cache.init_app(app)
    app.extensions["public_cache"] = {"down_until": 0.0}
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
