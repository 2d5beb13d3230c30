"""Cached values and whole anonymous pages: an entry is served while the versions it records are current.

A reader reads the current versions of an entry's scopes (one small query, versions.py) and serves
the entry if they match, else computes it and stores it with the versions read before computing.
Entries live in Redis as JSON (serial.py) or, without Redis, in each process's memory; a store that
fails is left alone for CACHE_RETRY_AFTER seconds while values are computed directly. The design as
a whole is in the package's docstring (challenge/cache/__init__.py).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import redis
from alembic.script import ScriptDirectory
from flask import Flask, Response, current_app, g, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

from ..text import clock
from . import scopes as cache_scopes
from . import versions as cache_versions
from .identity import DATABASE
from .memory import MemoryStore
from .pages import keep_declared_parameters, reader_kind, shared_scopes
from .redis_store import LocalCopies, RedisStore
from .scopes import GENERATION
from .serial import dumps

T = TypeVar("T")
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
CACHE_ERRORS = (redis.RedisError, OSError)
log = logging.getLogger("sfide")


def _copies() -> LocalCopies | None:
    return current_app.extensions["public_cache"]["copies"]


def _store() -> MemoryStore | RedisStore | None:
    state = current_app.extensions["public_cache"]
    return state["store"] if time.monotonic() >= state["down_until"] else None


def _failed(error: Exception) -> None:
    state = current_app.extensions["public_cache"]
    state["down_until"] = time.monotonic() + current_app.config["CACHE_RETRY_AFTER"]
    if state["copies"] is not None:  # they mirror the store: start afresh with it when it answers again
        state["copies"] = LocalCopies()
    log.warning("cache unavailable, computing values directly: %s", type(error).__name__)


def _call(method: str, *args: Any) -> Any:
    """store.method(*args); None (and the store left alone a while) when it fails or is off."""
    store = _store()
    if store is None:
        return None
    try:
        return getattr(store, method)(*args)
    except CACHE_ERRORS as error:
        _failed(error)
        return None


def address() -> str:
    """Scheme, host and path prefix this request's links are built on ("" outside a request): a trusted
    proxy may set them (X-Forwarded-Proto, -Host, -Prefix), so they are part of every key and a request
    that arrives with other ones never changes what another visitor is served."""
    return request.root_url if has_request_context() else ""


def _now() -> float:
    """The clock entries are dated and expire by: the one deadlines are read from."""
    return clock.now().timestamp()


def _versions(scopes: Iterable[str]) -> dict[str, int]:
    return cache_versions.versions({GENERATION, DATABASE, *scopes})


@dataclasses.dataclass
class _Lookup:
    """What the store had for a key: an entry to use, or the duty to compute one."""

    key: str
    current: dict[str, int]  # versions read before anything is computed
    read_at: float
    entry: dict | None = None  # None: compute it
    behind_until: float | None = None  # `entry` is behind its scopes, tolerated until this time


def _matches(entry: dict, current: dict[str, int], scopes: Iterable[str]) -> bool:
    return all(entry["versions"].get(scope) == current.get(scope) for scope in scopes)


def _past_its_time(entry: dict, at: float) -> bool:
    """What the entry shows has changed with the clock since (a deadline passed): never served again."""
    return at >= entry.get("valid_until", float("inf"))


def _current(entry: dict, current: dict[str, int], read_at: float) -> bool:
    """The entry was computed at the current versions of all its scopes, and is not past its time."""
    versions = entry["versions"]
    return (
        versions.keys() <= current.keys() and _matches(entry, current, versions) and not _past_its_time(entry, read_at)
    )


def _lookup(key: str, scopes: list[str], refresh_every: float = 0.0) -> _Lookup:
    """The entry if it was computed at the current versions of its scopes and is not past its time;
    else the duty to compute it (every process that finds it out of date computes its own).

    With `refresh_every`, an entry computed less than that many seconds ago is served even when its
    scopes have moved on: an aggregate that costs a scan is recomputed at most that often."""
    copies = _copies()
    copy = copies.get(key, current_app.config["CACHE_MAX_AGE"]) if copies else None
    entry = copy or _call("get", key)
    read_at = _now()
    current = _versions([*scopes, *(entry["versions"] if entry else ())])
    lookup = _Lookup(key, current, read_at)
    if copy is not None and not _matches(copy, current, copy["versions"]):
        entry = _call("get", key)  # another process may have stored a newer one
    if entry is None or _past_its_time(entry, read_at):
        return lookup
    if _current(entry, current, read_at):
        lookup.entry = _copied(key, entry)
    elif read_at - entry["computed_at"] < refresh_every:
        lookup.entry, lookup.behind_until = _copied(key, entry), entry["computed_at"] + refresh_every
    return lookup


def _copied(key: str, entry: dict) -> dict:
    copies = _copies()
    if copies is not None:
        copies.keep(key, entry)
    return entry


def _keep(lookup: _Lookup, scopes: Iterable[str], fields: dict) -> dict:
    """Store a computed entry with the versions read before computing it."""
    versions = {scope: lookup.current[scope] for scope in {GENERATION, DATABASE, *scopes} if scope in lookup.current}
    entry = {"versions": versions, "computed_at": lookup.read_at, **fields}
    _call("set", lookup.key, entry, current_app.config["CACHE_MAX_AGE"])
    return _copied(lookup.key, entry)


def _key(*parts: object) -> str:
    return ":".join(str(part) for part in parts)


def cached(
    name: str,
    scopes: Iterable[str],
    compute: Callable[[], T],
    *key_parts: object,
    refresh_every: float = 0.0,
    until: datetime | Callable[[T], datetime | None] | None = None,
) -> T:
    """compute(), or its cached value for this name, key parts and language while `scopes` are unchanged
    (or, with `refresh_every`, until it is that many seconds old, whichever lasts longer).

    A value that changes with the clock names its next change in `until` (a moment, or a function of the
    computed value giving one): it is not served from then on, nor is a page that shows it.
    The value must be the same for every reader, signed in or not, and is usable by all of them.
    Never nest a value with `refresh_every` or `until` inside another cached value: only pages track them.
    """
    scopes = list(scopes)
    if _store() is None:
        return compute()
    lookup = _lookup(_key("value", name, get_locale(), address(), *key_parts), scopes, refresh_every)
    entry = lookup.entry or _computed(lookup, scopes, compute, until)
    if lookup.behind_until is None:
        _depend(entry["versions"])
    else:  # the page shows it as current, and is itself kept no longer than the value is tolerated
        _depend({scope: lookup.current[scope] for scope in entry["versions"] if scope in lookup.current})
        _page_valid_until(lookup.behind_until)
    if "valid_until" in entry:
        _page_valid_until(entry["valid_until"])
    return entry["value"]


def _computed(
    lookup: _Lookup,
    scopes: list[str],
    compute: Callable[[], T],
    until: datetime | Callable[[T], datetime | None] | None,
) -> dict:
    value = compute()
    moment = until(value) if callable(until) else until
    return _keep(lookup, scopes, {"value": value, **({"valid_until": moment.timestamp()} if moment else {})})


def changes_at(moment: datetime | None) -> None:
    """This page shows something that changes with the clock at `moment` (None: only a write changes
    it): a shared copy of it is served no longer than that."""
    if moment is not None:
        _page_valid_until(moment.timestamp())


def _page_valid_until(timestamp: float) -> None:
    g.page_valid_until = min(g.get("page_valid_until", timestamp), timestamp)


def _depend(versions: dict[str, int]) -> None:
    """A page being rendered for the cache shows a value computed at these versions."""
    page_versions = g.get("page_versions")
    if page_versions is not None:
        for scope, version in versions.items():
            page_versions[scope] = min(version, page_versions.get(scope, version))


def serve_shared_page() -> Response | None:
    """Answer a read from the page cache, or let the view render it for the cache. A visitor's page is
    kept as sent; a signed-in reader's is kept with its marks and made theirs by web/marks.py."""
    scopes = shared_scopes()
    if scopes is None:
        return None
    query = keep_declared_parameters()  # with or without a store, so a view reads the same either way
    if _store() is None:
        return None
    kind = reader_kind()
    key = _key("page", get_locale(), address(), request.path, query)
    lookup = _lookup(key if kind == "visitor" else _key(kind, key), scopes)
    if lookup.entry is None:
        g.page_lookup = lookup
        g.page_versions = {scope: lookup.current[scope] for scope in (GENERATION, DATABASE, *scopes)}
        return None
    if kind == "visitor":
        g.shared_page = lookup.entry
    return Response(lookup.entry["body"], mimetype=lookup.entry["mimetype"])


def _page_body(response: Response) -> str | None:
    """What may be kept of this response for every reader of its kind, or None."""
    if response.status_code != 200 or response.is_streamed or g.get("readers_only"):
        return None  # an error, a redirect, or a private challenge's page: not shared
    if current_user.is_anonymous:
        return None if session else response.get_data(as_text=True)  # a session: something for this visitor
    body = g.get("marked_body", response.get_data(as_text=True))
    token = g.get("csrf_token")
    return None if token and token in body else body  # a form built outside the marks holds the reader's token


def _keep_page(response: Response) -> None:
    lookup = g.pop("page_lookup", None)
    body = _page_body(response) if lookup is not None else None
    if body is None:
        return
    lookup.current = {**lookup.current, **g.page_versions}
    entry = _keep(
        lookup,
        g.page_versions,
        {
            "mimetype": response.mimetype,
            "body": body,
            "etag": hashlib.sha256(body.encode()).hexdigest()[:32],
            **({"valid_until": g.page_valid_until} if "page_valid_until" in g else {}),
        },
    )
    if current_user.is_anonymous:
        g.shared_page = entry


def set_cache_headers(response: Response) -> Response:
    """Shared pages may be kept by proxies and revalidated; what depends on the reader may not be kept."""
    _keep_page(response)
    shared = g.get("shared_page")
    if shared is not None:
        response.set_etag(shared["etag"])
        response.headers["Cache-Control"] = f"public, max-age={current_app.config['PAGE_MAX_AGE']}"
        response.vary.update(("Accept-Language", "Cookie"))
        response.make_conditional(request)  # in place (werkzeug types its return as the base Response)
        return response
    if "Cache-Control" not in response.headers and (current_user.is_authenticated or session):
        response.headers["Cache-Control"] = "private, no-store"
    return response


@functools.cache
def schema_head() -> str:
    """The newest migration: part of every Redis key, so a release with a migration starts afresh."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head() or "empty"


def size_of(value: Any) -> int:
    """What an entry costs the in-process store: the length of its serialised form."""
    return len(dumps(value))


def init_app(app: Flask) -> None:
    """Pick the store and register the hooks; call after the hooks every response must pass first."""
    if app.config["CACHE_BACKEND"] == "redis":
        prefix = f"{app.config['CACHE_KEY_PREFIX']}{schema_head()}:"
        store: MemoryStore | RedisStore | None = RedisStore(app.config["CACHE_REDIS_URL"], prefix)
    elif app.config["CACHE_BACKEND"] == "memory":
        store = MemoryStore(app.config["CACHE_MEMORY_MAX_BYTES"], size_of)
    else:
        store = None
    copies = LocalCopies() if isinstance(store, RedisStore) else None
    app.extensions["public_cache"] = {"store": store, "copies": copies, "down_until": 0.0}
    app.before_request(serve_shared_page)
    app.after_request(set_cache_headers)
    cache_scopes.listen()
