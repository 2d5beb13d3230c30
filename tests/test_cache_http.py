"""What the cache means over HTTP: public address, trusted hosts, validators, private pages, hook order."""

from __future__ import annotations

import json
import logging

import pytest

from challenge.config import settle_public_address
from challenge.core.extensions import db
from challenge.models import User
from tests.conftest import empty_tables
from tests.factories import login, make_challenge, make_comment, make_solution, make_user

PUBLIC = "https://sfide.regione.example"


@pytest.fixture
def cached_app(app_factory):
    app = app_factory(CACHE_BACKEND="memory", PUBLIC_URL=PUBLIC, TRUSTED_HOSTS=None, PROXY_FIX_HOPS=1)
    with app.app_context():
        empty_tables()
    return app


def test_the_public_address_comes_from_the_configuration_and_trusted_hosts_from_it(monkeypatch):
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "8080")
    derived = {"PUBLIC_URL": "", "TRUSTED_HOSTS": None}
    settle_public_address(derived)
    assert derived["PUBLIC_URL"] == "http://0.0.0.0:8080"
    configured = {"PUBLIC_URL": "https://sfide.regione.example/", "TRUSTED_HOSTS": None}
    settle_public_address(configured)
    assert configured == {"PUBLIC_URL": PUBLIC, "TRUSTED_HOSTS": ["127.0.0.1", "localhost", "sfide.regione.example"]}


@pytest.mark.parametrize("headers", [{"Host": "evil.example"}, {"X-Forwarded-Host": "evil.example"}])
def test_a_request_for_an_untrusted_host_is_refused(cached_app, headers):
    response = cached_app.test_client().get("/feeds/solutions.atom", headers=headers)
    assert response.status_code == 400


def test_feeds_and_the_api_link_to_the_public_address_whatever_host_was_asked(cached_app):
    with cached_app.app_context():
        solution_id = make_solution(title="Sportello senza code").id
    for base in ("http://127.0.0.1:5000", "http://localhost"):
        client = cached_app.test_client()
        feed = client.get("/feeds/solutions.atom", base_url=base).get_data(as_text=True)
        assert f"{PUBLIC}/solutions/{solution_id}" in feed and base not in feed
        api = client.get("/api/v1/solutions", base_url=base).get_json()
        assert api["items"][0]["url"] == f"{PUBLIC}/solutions/{solution_id}"


def test_shared_pages_carry_a_validator_and_may_be_kept_by_a_proxy_for_a_few_seconds(cached_app):
    client = cached_app.test_client()
    with cached_app.app_context():
        make_solution(title="Sportello senza code")
    first = client.get("/")
    assert first.headers["Cache-Control"] == "public, max-age=5"
    assert {"Accept-Language", "Cookie"} <= set(first.vary)
    etag = first.headers["ETag"]
    assert client.get("/").headers["ETag"] == etag, "served from the cache, the same validator"
    again = client.get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    with cached_app.app_context():
        make_solution(title="Una proposta nuova")
    changed = client.get("/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def _private_pages(app) -> tuple[int, int, list[str], list[str]]:
    """A moderator who is also staff of an administration, and pages that only that reader sees."""
    with app.app_context():
        moderator = make_user(role="moderator")
        staff = make_user(role="staff")
        draft = make_challenge(staff.administration, status="draft", opened_at=None)
        open_challenge = make_challenge(staff.administration)
        own = make_solution(open_challenge, author=moderator)
        hidden = make_solution(open_challenge, status="hidden")
        make_comment(own)
        pages = [
            "/account",
            "/notifications",
            "/moderation",
            "/moderation/log",
            f"/solutions/{own.id}/edit",
            f"/solutions/{hidden.id}",
            "/",
            f"/challenges/{open_challenge.slug}",
            f"/solutions/{own.id}",
        ]
        staff_pages = [f"/challenges/{draft.slug}", f"/challenges/{draft.slug}/edit", "/challenges/new"]
        return moderator.id, staff.id, pages, staff_pages


def test_every_page_that_depends_on_the_reader_is_private_and_not_stored(cached_app):
    moderator_id, staff_id, pages, staff_pages = _private_pages(cached_app)
    moderator, staff = cached_app.test_client(), cached_app.test_client()
    with cached_app.app_context():
        login(moderator, db.session.get(User, moderator_id))
        login(staff, db.session.get(User, staff_id))
    for client, urls in ((moderator, pages), (staff, staff_pages)):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.headers["Cache-Control"] == "private, no-store", url
            assert "ETag" not in response.headers, url


def test_a_visitor_with_something_in_the_session_gets_a_private_page(app_factory):
    client = app_factory(CACHE_BACKEND="memory", WTF_CSRF_ENABLED=True).test_client()
    assert client.get("/auth/login").headers["Cache-Control"] == "private, no-store"  # it holds a CSRF token now
    assert client.get("/challenges").headers["Cache-Control"] == "private, no-store"


def test_a_browser_whose_sign_in_ended_is_not_served_a_shared_page(cached_app):
    client = cached_app.test_client()
    client.get("/")
    client.set_cookie(cached_app.config["AUTH_COOKIE_NAME"], "ended-elsewhere")
    response = client.get("/")
    assert "Cache-Control" not in response.headers and "ETag" not in response.headers
    assert "sfide_auth=;" in response.headers["Set-Cookie"]


def test_a_cache_hit_gets_the_request_id_the_timer_and_the_security_headers(cached_app, caplog):
    client = cached_app.test_client()
    client.get("/leaderboards")
    with caplog.at_level(logging.INFO, logger="sfide.request"):
        hit = client.get("/leaderboards", headers={"X-Request-ID": "abc123"})
    assert hit.headers["Cache-Control"].startswith("public")  # served from the page cache
    lines = [json.loads(record.getMessage()) for record in caplog.records if record.name == "sfide.request"]
    assert lines == [
        {
            "request_id": "abc123",
            "method": "GET",
            "path": "/leaderboards",
            "status": 200,
            "duration_ms": lines[0]["duration_ms"],
        }
    ]
    assert hit.headers["X-Request-ID"] == "abc123"
    assert "default-src 'self'" in hit.headers["Content-Security-Policy"]
