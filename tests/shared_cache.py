"""The `cached_app` fixture: an app whose shared cache is in its memory or in Redis, empty at the start."""

from __future__ import annotations

import uuid

import pytest
import redis

from tests.isolation import empty_tables

# The one Redis database these tests may use; each test has its own key prefix in it.
OWN_REDIS = "redis://127.0.0.1:6379/6"


@pytest.fixture(params=["memory", "redis"])
def cached_app(request, app_factory):
    """An app whose cache is in its memory or in Redis, empty at the start."""
    settings: dict = {"CACHE_BACKEND": request.param}
    prefix = f"test-readers-{uuid.uuid4().hex}:"
    client = redis.Redis.from_url(OWN_REDIS, socket_connect_timeout=2)
    if request.param == "redis":
        try:
            client.ping()
        except redis.RedisError as error:
            pytest.skip(f"no Redis at {OWN_REDIS}: {error}")
        settings.update(CACHE_REDIS_URL=OWN_REDIS, CACHE_KEY_PREFIX=prefix)
    app = app_factory(**settings)
    with app.app_context():
        empty_tables()
    yield app
    for key in client.scan_iter(f"{prefix}*") if request.param == "redis" else ():
        client.delete(key)
