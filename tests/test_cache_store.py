"""The store: JSON only (a planted pickle is never loaded), and one computation per invalidation."""

from __future__ import annotations

import os
import pickle
import threading
import uuid
from datetime import datetime

import pytest
import redis

from challenge.cache import entries as caching
from challenge.cache import serial as cache_json
from challenge.core.extensions import db
from challenge.leaderboards import stats
from challenge.leaderboards.service import AdministrationScore, Contributor, Leaderboards, RankedSolution
from challenge.models import PersonRef, Solution, User
from challenge.votes.service import vote_on_solution
from tests.conftest import empty_tables
from tests.factories import make_solution, make_user

# Its own Redis database, another for the PostgreSQL pass, which `make test` runs at the same time.
OWN_REDIS = f"redis://127.0.0.1:6379/{14 if os.environ.get('TEST_DATABASE_URL') else 11}"
UNPICKLED: list[str] = []


class Planted:
    """What an attacker with write access to Redis would store: loading it runs a function."""

    def __reduce__(self):
        return (UNPICKLED.append, ("code ran",))


def test_values_go_through_json_and_come_back_as_the_same_dataclasses():
    when = datetime(2026, 12, 1, 8, 30)
    boards = Leaderboards(
        latest=[RankedSolution(1, "Titolo", PersonRef(7, "Anna", None, True), "Sfida", when, 3, 1)],
        best=[],
        hot=[],
    )
    text = cache_json.dumps(boards)
    assert "Titolo" in text and isinstance(text, str)
    assert cache_json.loads(text) == boards
    scores = [AdministrationScore("comune", "Comune", 1, 2, 3, 1)]
    assert cache_json.loads(cache_json.dumps(scores)) == scores
    contributors = [Contributor(PersonRef(8, "Bruno", "business", False), 5)]
    assert cache_json.loads(cache_json.dumps(contributors)) == contributors
    with pytest.raises(ValueError):
        cache_json.loads(pickle.dumps(Planted()))
    with pytest.raises(KeyError):
        cache_json.loads('{"__cached__": "os.system", "command": "true"}')


@pytest.fixture
def redis_app(app_factory):
    client = redis.Redis.from_url(OWN_REDIS, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {OWN_REDIS}: {error}")
    prefix = f"test-{uuid.uuid4().hex}:"
    app = app_factory(CACHE_BACKEND="redis", CACHE_REDIS_URL=OWN_REDIS, CACHE_KEY_PREFIX=prefix)
    with app.app_context():
        empty_tables()
    yield app, client, prefix
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def test_a_pickle_planted_in_redis_is_never_unpickled(redis_app):
    app, client, prefix = redis_app
    with app.app_context():
        make_solution(title="Sportello senza code")
    visitor = app.test_client()
    pages = ("/", "/leaderboards")
    for page in pages:
        assert visitor.get(page).status_code == 200
    keys = list(client.scan_iter(f"{prefix}*"))
    assert any(b":page:" in key for key in keys) and any(b":value:" in key for key in keys)
    for number, key in enumerate(keys):
        payload = pickle.dumps(Planted())
        client.set(key, b"!" + payload if number % 2 else payload)  # Flask-Caching's format, and a bare pickle
    app.extensions["public_cache"]["copies"] = caching.LocalCopies()  # as a process that has no copy of its own
    for page in pages:
        response = visitor.get(page)
        assert response.status_code == 200 and "Sportello senza code" in response.get_data(as_text=True)
    assert UNPICKLED == []
    assert all(not client.get(key).startswith((b"!", b"\x80")) for key in keys if client.get(key))


def _concurrent_reads(app, count: int) -> list[str]:
    """`count` anonymous readers of / at once, each in its own thread."""
    pages: list[str] = []
    readers = [
        threading.Thread(target=lambda: pages.append(app.test_client().get("/").get_data(as_text=True)))
        for _ in range(count)
    ]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    return pages


def _best_voted(html: str) -> str:
    return html.split("Opinione meglio votata")[1].split("</dd>")[0]


@pytest.mark.committed  # readers run in their own threads
def test_every_reader_after_an_invalidation_gets_the_new_value(app_factory):
    """No stale window: once a vote has committed, no reader is served what it made out of date."""
    app = app_factory(CACHE_BACKEND="memory")
    with app.app_context():
        empty_tables()
        solution = make_solution(title="Sportello senza code")
        solution_id, voter_id = solution.id, make_user().id
    readers = 6
    assert all("Nessun voto ancora" in _best_voted(page) for page in _concurrent_reads(app, readers))
    with app.app_context():
        vote_on_solution(db.session.get(User, voter_id), db.session.get(Solution, solution_id), 1)
    pages = _concurrent_reads(app, readers)
    assert len(pages) == readers and all("Sportello senza code" in _best_voted(page) for page in pages)


def test_a_process_serves_its_own_copy_while_the_versions_match_and_a_newer_entry_after(
    redis_app, app_factory, monkeypatch
):
    app, _client, prefix = redis_app
    other = app_factory(CACHE_BACKEND="redis", CACHE_REDIS_URL=OWN_REDIS, CACHE_KEY_PREFIX=prefix)  # a second process
    with app.app_context():
        make_solution(title="Prima proposta")
    gets: list[str] = []
    original_get = caching.RedisStore.get
    monkeypatch.setattr(caching.RedisStore, "get", lambda store, key: gets.append(key) or original_get(store, key))
    visitor, other_visitor = app.test_client(), other.test_client()
    assert "Prima proposta" in visitor.get("/").get_data(as_text=True)
    gets.clear()
    assert "Prima proposta" in visitor.get("/").get_data(as_text=True)
    assert not [
        key for key in gets if key.startswith("page:")
    ]  # its own copy, with the versions read from the database

    with other.app_context():
        make_solution(title="Seconda proposta")
    assert "Seconda proposta" in other_visitor.get("/").get_data(as_text=True)  # computed and stored by the other
    computed = []
    monkeypatch.setattr(stats, "site_statistics", lambda: computed.append(1))
    gets.clear()
    assert "Seconda proposta" in visitor.get("/").get_data(as_text=True)
    assert [key for key in gets if key.startswith("page:")] and computed == []  # the other's entry, not a recomputation


def test_a_copy_older_than_the_cache_max_age_is_not_served(redis_app, monkeypatch):
    app, client, prefix = redis_app
    visitor = app.test_client()
    visitor.get("/")
    for entry in app.extensions["public_cache"]["copies"]._entries.values():
        entry["computed_at"] -= app.config["CACHE_MAX_AGE"]  # as if computed that long ago
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)  # which Redis has forgotten by now
    computed, original = [], stats.site_statistics
    monkeypatch.setattr(stats, "site_statistics", lambda: computed.append(1) or original())
    assert visitor.get("/").status_code == 200
    assert computed == [1]
