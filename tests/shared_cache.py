"""The `cached_app` fixture: an app whose shared cache is in its memory or in Redis, empty at the start."""

from __future__ import annotations

import os

import pytest
import redis

from tests.isolation import empty_tables

# The one Redis database these tests may use. The prefix is this process's, so the SQLite and PostgreSQL
# passes running side by side never share keys, and every test of a pass gets the same shared app (one
# app per test would keep one more pooled connection each, until the server refuses clients).
OWN_REDIS = "redis://127.0.0.1:6379/6"
PREFIX = f"test-readers-{os.getpid()}:"


def _forget(client: redis.Redis) -> None:
    for key in client.scan_iter(f"{PREFIX}*"):
        client.delete(key)


@pytest.fixture(params=["memory", "redis"])
def cached_app(request, app_factory):
    """An app whose cache is in its memory or in Redis, empty at the start."""
    settings: dict = {"CACHE_BACKEND": request.param}
    client = redis.Redis.from_url(OWN_REDIS, socket_connect_timeout=2)
    if request.param == "redis":
        try:
            client.ping()
        except redis.RedisError as error:
            pytest.skip(f"no Redis at {OWN_REDIS}: {error}")
        settings.update(CACHE_REDIS_URL=OWN_REDIS, CACHE_KEY_PREFIX=PREFIX)
        _forget(client)
    app = app_factory(**settings)
    with app.app_context():
        empty_tables()
    yield app
    if request.param == "redis":
        _forget(client)
