"""What a request can change in a cache key: the address behind a proxy, and the query string."""

from __future__ import annotations

import uuid

import pytest
import redis

from tests.conftest import empty_tables
from tests.factories import login, make_challenge, make_comment, make_solution, make_user

PUBLIC = "https://sfide.regione.example"
# The one Redis database these tests may use; each test has its own key prefix in it.
OWN_REDIS = "redis://127.0.0.1:6379/6"
EVIL = "//evil.example"


@pytest.fixture(params=["memory", "redis"])
def proxied_apps(request, app_factory):
    """Build apps behind one trusted proxy on the chosen backend; with Redis they share its entries."""
    settings = {"CACHE_BACKEND": request.param, "PUBLIC_URL": PUBLIC, "TRUSTED_HOSTS": None, "PROXY_FIX_HOPS": 1}
    prefix = f"test-keys-{uuid.uuid4().hex}:"
    client = redis.Redis.from_url(OWN_REDIS, socket_connect_timeout=2)
    if request.param == "redis":
        try:
            client.ping()
        except redis.RedisError as error:
            pytest.skip(f"no Redis at {OWN_REDIS}: {error}")
        settings.update(CACHE_REDIS_URL=OWN_REDIS, CACHE_KEY_PREFIX=prefix)

    def build(**overrides):
        return app_factory(**{**settings, **overrides})

    yield build
    for key in client.scan_iter(f"{prefix}*") if request.param == "redis" else ():
        client.delete(key)


def _pages(app) -> tuple[list[str], object]:
    """A home page, a challenge and a solution with a comment, each showing a shared fragment."""
    with app.app_context():
        empty_tables()
        solution = make_solution(title="Sportello senza code")
        make_comment(solution, body="Ottima idea")
        reader = make_user(name="Lettrice")
        return ["/", f"/challenges/{solution.challenge.slug}", f"/solutions/{solution.id}"], reader


def _reader_client(app, reader):
    client = app.test_client()
    with app.app_context():
        login(client, reader)
    return client


def _assert_clean(app, reader, paths: list[str], forbidden: str) -> None:
    """Anonymous visitors (whole pages) and a signed-in reader (shared fragments) see no `forbidden`."""
    for client in (app.test_client(), _reader_client(app, reader)):
        for path in paths:
            body = client.get(path).get_data(as_text=True)
            assert forbidden not in body, f"{path} carries {forbidden}"


def test_a_forwarded_prefix_is_ignored_unless_configured_and_poisons_no_cache(proxied_apps):
    app = proxied_apps()
    paths, reader = _pages(app)
    attacker = app.test_client()
    for path in paths:
        response = attacker.get(path, headers={"X-Forwarded-Prefix": EVIL})
        assert response.status_code == 200 and EVIL not in response.get_data(as_text=True)
    _assert_clean(app, reader, paths, EVIL)
    # Another server that shares Redis (or its own memory) and trusts no proxy serves clean pages too.
    _assert_clean(proxied_apps(PROXY_FIX_HOPS=0), reader, paths, EVIL)


def test_a_page_asked_under_another_prefix_is_cached_apart(proxied_apps):
    app = proxied_apps(PROXY_FIX_PREFIX=True)
    paths, reader = _pages(app)
    for path in paths:
        under_path = app.test_client().get(path, headers={"X-Forwarded-Prefix": "/sfide"}).get_data(as_text=True)
        assert 'href="/sfide/' in under_path
    _assert_clean(app, reader, paths, 'href="/sfide/')
    _assert_clean(proxied_apps(PROXY_FIX_HOPS=0), reader, paths, 'href="/sfide/')


# The pages every anonymous visitor shares; any other page is rendered for its reader.
SHARED_PAGES = {
    "main.index",
    "challenges.index",
    "challenges.detail",
    "embeds.detail",
    "solutions.detail",
    "leaderboards.index",
    "administrations.index",
    "administrations.detail",
    "labs.index",
    "labs.detail",
    "feeds.solutions",
    "feeds.challenge",
}


def test_the_shared_pages_are_those_their_views_declare(app):
    declared = {endpoint for endpoint, view in app.view_functions.items() if hasattr(view, "shared_page")}
    assert declared == SHARED_PAGES


@pytest.fixture
def memory_app(app_factory):
    app = app_factory(CACHE_BACKEND="memory")
    with app.app_context():
        empty_tables()
    return app


def _page_keys(app) -> list[str]:
    return [key for key in app.extensions["public_cache"]["store"]._entries if key.startswith("page:")]


def test_unknown_query_parameters_neither_vary_the_key_nor_reach_the_page(memory_app):
    with memory_app.app_context():
        make_challenge(title="Mobilità dolce")
    visitor = memory_app.test_client()
    first = visitor.get("/challenges?status=open&utm_source=newsletter")
    assert "utm_source" not in first.get_data(as_text=True)
    for number in range(30):
        assert visitor.get(f"/challenges?status=open&junk{number}={number}").status_code == 200
    assert len(_page_keys(memory_app)) == 1
    # A parameter the page reads still makes a page of its own.
    closed = visitor.get("/challenges?status=closed&junk=1").get_data(as_text=True)
    assert "Mobilità dolce" in first.get_data(as_text=True) and "Mobilità dolce" not in closed
    assert len(_page_keys(memory_app)) == 2


# Text each shared fragment holds, in Italian and in English: the home lists, a challenge's
# solution cards (none yet) and a solution's discussion (no comment yet).
FRAGMENT_TEXTS = {
    "it": ("Ultime soluzioni", "Nessuna soluzione ancora: proponi la prima!", "Nessun commento ancora."),
    "en": ("Latest solutions", "No solutions yet: propose the first one!", "No comments yet."),
}


def test_shared_fragments_follow_each_readers_language(memory_app):
    with memory_app.app_context():
        solution = make_solution(title="Sportello senza code")
        paths = ["/", f"/challenges/{make_challenge().slug}", f"/solutions/{solution.id}"]
        readers = {language: make_user(name=f"Lettore {language}") for language in FRAGMENT_TEXTS}
    clients = {language: _reader_client(memory_app, reader) for language, reader in readers.items()}
    for language in ("it", "en", "it", "en"):
        other = "en" if language == "it" else "it"
        for path, own, foreign in zip(paths, FRAGMENT_TEXTS[language], FRAGMENT_TEXTS[other], strict=True):
            body = clients[language].get(path, headers={"Accept-Language": language}).get_data(as_text=True)
            assert own in body and foreign not in body, f"{path} in {language}"
