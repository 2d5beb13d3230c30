"""The cache's entries in Redis, shared by every process and server, and each process's copies of the
entries it last used from there."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Any

import redis

from ..text import clock
from .serial import dumps, loads

log = logging.getLogger("sfide")


class RedisStore:
    """Entries in Redis, shared by every process and server, as JSON text."""

    def __init__(self, url: str, prefix: str) -> None:
        self._client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        self._prefix = prefix

    def get(self, key: str) -> Any:
        raw = self._client.get(self._prefix + key)
        if raw is None:
            return None
        try:
            return loads(raw)  # type: ignore[arg-type]  # redis-py types a sync client's reply as maybe Awaitable
        except (ValueError, KeyError, TypeError):  # not ours (or an older format): recompute
            log.warning("cache entry %s is not valid JSON of this version, ignored", key)
            return None

    def set(self, key: str, value: Any, ttl: float) -> None:
        self._client.set(self._prefix + key, dumps(value), px=int(ttl * 1000))

    def delete(self, key: str) -> None:
        self._client.delete(self._prefix + key)


class LocalCopies:
    """The entries this process last used from Redis, so a hit whose versions still match needs no
    GET (nor the decoding of a whole page); the versions decide, exactly as for the shared entry."""

    MAX_ENTRIES = 256

    def __init__(self) -> None:
        self._entries: OrderedDict[str, dict] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, max_age: float) -> dict | None:
        """The copy, unless it was computed more than `max_age` seconds ago: the store forgets an
        entry that old, and so does this process (what depends on the time, a deadline, moves on)."""
        entry = self._entries.get(key)
        return entry if entry is not None and clock.now().timestamp() - entry["computed_at"] < max_age else None

    def keep(self, key: str, entry: dict) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.MAX_ENTRIES:
                self._entries.popitem(last=False)
