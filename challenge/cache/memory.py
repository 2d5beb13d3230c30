"""The cache's store in this process's memory, for one process or several without Redis.

It holds at most `max_bytes` of entries, each counted as the length of its JSON (what Redis would
hold) plus its key, and forgets the least recently used ones first: a page in steady use stays
while the store is full of pages asked once.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class MemoryStore:
    """Entries with a time to live, within a byte budget, least recently used out first."""

    def __init__(self, max_bytes: int, size_of: Callable[[Any], int]) -> None:
        self.max_bytes = max_bytes
        self.used_bytes = 0
        self._size_of = size_of
        self._entries: OrderedDict[str, tuple[Any, float, int]] = OrderedDict()  # value, expiry, size
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            return self._live(key)

    def set(self, key: str, value: Any, ttl: float) -> None:
        size = len(key) + self._size_of(value)
        with self._lock:
            self._put(key, value, ttl, size)

    def delete(self, key: str) -> None:
        with self._lock:
            self._remove(key)

    def _remove(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self.used_bytes -= entry[2]

    def _live(self, key: str) -> Any:
        """The value, marked as just used; None (and the entry gone) once its time is over."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[1] <= time.monotonic():
            self._remove(key)
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def _put(self, key: str, value: Any, ttl: float, size: int) -> None:
        self._remove(key)
        if size > self.max_bytes:
            return  # larger than the whole budget: computed each time instead
        while self.used_bytes + size > self.max_bytes:
            self._remove(next(iter(self._entries)))
        self._entries[key] = (value, time.monotonic() + ttl, size)
        self.used_bytes += size
