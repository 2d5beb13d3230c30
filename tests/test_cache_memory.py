"""The in-process store: bounded by bytes, least recently used out first, never emptied at once."""

from __future__ import annotations

import time

from challenge.cache import serial as cache_json
from challenge.cache.memory import MemoryStore
from tests.conftest import empty_tables
from tests.factories import make_solution

PAGE = {"body": "x" * 1000, "mimetype": "text/html"}


def _store(max_bytes: int) -> MemoryStore:
    return MemoryStore(max_bytes, lambda value: len(cache_json.dumps(value)))


def test_warm_pages_stay_while_pages_asked_once_come_and_go():
    store = _store(60 * 1100)  # room for about 60 pages
    warm = [f"page:warm-{number}" for number in range(50)]
    for key in warm:
        store.set(key, PAGE, 300)
    for number in range(500):
        store.set(f"page:once-{number}", PAGE, 300)
        assert all(store.get(key) == PAGE for key in warm), f"a warm page was dropped at insertion {number}"
        assert store.used_bytes <= store.max_bytes
    assert store.get("page:once-0") is None, "the oldest unused pages made room"
    assert store.get("page:once-499") == PAGE


def test_bytes_are_counted_as_entries_come_and_go():
    store = _store(10_000)
    store.set("a", PAGE, 300)
    size = store.used_bytes
    assert size >= len(cache_json.dumps(PAGE))
    store.set("a", PAGE, 300)  # replaced, not counted twice
    assert store.used_bytes == size
    store.delete("a")
    assert store.used_bytes == 0
    store.set("huge", {"body": "x" * 20_000}, 300)
    assert store.get("huge") is None and store.used_bytes == 0, "larger than the budget: not kept"


def test_an_entry_past_its_time_is_gone():
    store = _store(10_000)
    store.set("entry", 1, 0.05)
    assert store.get("entry") == 1
    time.sleep(0.06)
    assert store.get("entry") is None and store.used_bytes == 0


def test_the_app_keeps_its_memory_cache_within_the_configured_bytes(app_factory):
    app = app_factory(CACHE_BACKEND="memory", CACHE_MEMORY_MAX_BYTES=200_000)
    with app.app_context():
        empty_tables()
        make_solution(title="Sportello senza code")
    store = app.extensions["public_cache"]["store"]
    assert store.max_bytes == 200_000
    visitor = app.test_client()
    for path in ("/", "/challenges", "/leaderboards", "/administrations", "/labs"):
        assert visitor.get(path).status_code == 200
    assert 0 < store.used_bytes <= 200_000
