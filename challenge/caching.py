"""A shared cache for what anonymous visitors see most, invalidated by a version stamp.

Each cached value's key carries the current version stamp. The services whose writes change
public numbers call `public_data_changed()`; once their transaction commits, the stamp is
replaced, so every server's next read recomputes. The short CACHE_DEFAULT_TIMEOUT bounds how
stale a value can be where no stamp change reaches (several processes without Redis).
Whole pages are kept too, for anonymous readers of the busiest pages: the CSRF token in their
forms is swapped for a placeholder when stored and for the visitor's own token when served.
A cache that fails (Redis down or slow) is left alone for CACHE_RETRY_AFTER seconds and
values are computed meanwhile: the cache can make pages faster, never make them fail.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Callable, TypeVar

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import cache, db

T = TypeVar("T")
VERSION_KEY = "public-data-version"
_CHANGED = "public_data_changed"
CACHE_ERRORS = (RedisError, OSError)
log = logging.getLogger("sfide")
# Pages and feeds that look the same to every anonymous visitor, apart from the CSRF token of their forms.
SHARED_PAGES = frozenset({
    "main.index", "challenges.index", "challenges.detail", "solutions.detail", "leaderboards.index",
    "administrations.index", "administrations.detail", "labs.index", "labs.detail",
    "feeds.solutions", "feeds.challenge",
})
CSRF_PLACEHOLDER = "__sfide_csrf_placeholder__"


def _state() -> dict:
    return current_app.extensions["public_cache"]


def _usable() -> bool:
    return time.monotonic() >= _state()["down_until"]


def _failed(error: Exception) -> None:
    _state()["down_until"] = time.monotonic() + current_app.config["CACHE_RETRY_AFTER"]
    log.warning("cache unavailable, computing values directly: %s", type(error).__name__)


def _key(name: str, *key_parts: object) -> str:
    """The cache key of a value: its name, the data version, the language and its own parts."""
    version = cache.get(VERSION_KEY) or "0"
    return ":".join(str(part) for part in (name, version, get_locale(), *key_parts))


def _lookup(name: str, *key_parts: object) -> tuple[str | None, object]:
    """(key, cached value or None); (None, None) when the cache is unusable."""
    if not _usable():
        return None, None
    try:
        key = _key(name, *key_parts)
        return key, cache.get(key)
    except CACHE_ERRORS as error:
        _failed(error)
        return None, None


def _store(key: str | None, value: object) -> None:
    if key is None:
        return
    try:
        cache.set(key, value)
    except CACHE_ERRORS as error:
        _failed(error)


def cached_public_data(name: str, compute: Callable[[], T], *key_parts: object) -> T:
    """compute(), or its cached value for this name, key parts, language and data version."""
    key, value = _lookup(name, *key_parts)
    if value is None:
        value = compute()
        _store(key, value)
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


def _page_is_shared() -> bool:
    """Whether this request sees the page every anonymous visitor sees."""
    return (
        request.method == "GET"
        and request.endpoint in SHARED_PAGES
        and current_user.is_anonymous
        and not session.get("_flashes")
    )


def serve_shared_page():
    """Answer an anonymous read from the page cache, with this visitor's own CSRF token."""
    if not _page_is_shared():
        return None
    key, page = _lookup("page", request.full_path)
    g.page_cache_key = key
    if page is None:
        return None
    g.page_cache_key = None
    mimetype, text = page
    return Response(text.replace(CSRF_PLACEHOLDER, generate_csrf()) if mimetype == "text/html" else text, mimetype=mimetype)


def keep_shared_page(response: Response) -> Response:
    """Store a freshly rendered anonymous page, its CSRF token swapped for a placeholder."""
    key = g.pop("page_cache_key", None)
    if key and response.status_code == 200 and not response.is_streamed and not session.get("_flashes"):
        text = response.get_data(as_text=True)
        token = g.get("csrf_token")
        _store(key, (response.mimetype, text.replace(token, CSRF_PLACEHOLDER) if token else text))
    return response


def init_app(app: Flask) -> None:
    """Bind the cache to the app and listen for commits that change public data."""
    cache.init_app(app)
    app.before_request(serve_shared_page)
    app.after_request(keep_shared_page)
    app.extensions["public_cache"] = {"down_until": 0.0}
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
