"""Request logs without secrets, and a clear 503 when the database is unreachable."""

from __future__ import annotations

import json
import logging
import re
import socket

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from challenge.account.service import reset_token
from challenge.core.extensions import db
from tests.conftest import empty_tables
from tests.factories import PASSWORD, make_user


def test_one_structured_line_per_request(client, caplog):
    with caplog.at_level(logging.INFO, logger="sfide.request"):
        response = client.get("/challenges?q=segreto")
    lines = [json.loads(record.getMessage()) for record in caplog.records if record.name == "sfide.request"]
    assert len(lines) == 1
    line = lines[0]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/challenges", 200)
    assert line["duration_ms"] >= 0 and line["request_id"] == response.headers["X-Request-ID"]
    assert "segreto" not in json.dumps(line)


def test_logs_never_contain_passwords_tokens_or_emails(app, client, caplog):
    with app.app_context():
        make_user(email="riservata@example.it")
    with caplog.at_level(logging.DEBUG):
        client.post("/auth/login", data={"email": "riservata@example.it", "password": PASSWORD})
        token = client.get_cookie(app.config["AUTH_COOKIE_NAME"]).value
        client.get("/account")
        client.post("/auth/login", data={"email": "riservata@example.it", "password": "sbagliata-123"})
    text = caplog.text
    for secret in (PASSWORD, "sbagliata-123", token, "riservata@example.it"):
        assert secret not in text


def test_tokens_in_emailed_links_never_reach_the_logs(app, client, caplog):
    with app.test_request_context():
        token = reset_token(make_user())
    with caplog.at_level(logging.INFO, logger="sfide.request"):
        client.get(f"/auth/password/reset/{token}")
    assert token not in caplog.text
    assert "/auth/password/reset/<token>" in caplog.text


def test_database_down_gives_503_pages_and_health(app_factory):
    app = app_factory(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=1")
    client = app.test_client()
    page = client.get("/challenges")
    assert page.status_code == 503
    assert "Servizio non disponibile" in page.get_data(as_text=True)
    assert client.get("/healthz").status_code == 503
    assert client.get("/api/v1/stats").get_json()["status"] == 503


def test_proxy_headers_are_trusted_only_when_configured(app_factory):
    forwarded = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    seen = {}
    for hops in (0, 1):
        app = app_factory(PROXY_FIX_HOPS=hops)

        @app.get("/whoami")
        def whoami():
            from flask import request

            return f"{request.remote_addr} {request.scheme}"

        seen[hops] = app.test_client().get("/whoami", headers=forwarded).get_data(as_text=True)
    assert seen[0] == "127.0.0.1 http"
    assert seen[1] == "203.0.113.9 https"


def test_bench_ceiling_route_exists_only_when_configured(app_factory):
    assert app_factory().test_client().get("/bench/ceiling").status_code == 404
    answer = app_factory(BENCH_CEILING=True).test_client().get("/bench/ceiling")
    assert answer.status_code == 200
    assert answer.get_data(as_text=True) == "ok"


def test_health_reports_redis_without_failing_on_it(app_factory):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    app = app_factory(REDIS_URL=f"redis://127.0.0.1:{closed}/0")
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "degraded", "database": "up", "redis": "down"}


def test_cookies_csrf_token_and_form_never_reach_the_logs_even_with_a_traceback(app_factory, caplog, monkeypatch):
    app = app_factory(WTF_CSRF_ENABLED=True, PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        empty_tables()
        make_user(email="riservata@example.it")
    client = app.test_client()

    def login_form() -> dict:
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/auth/login").get_data(as_text=True))[1]
        return {"email": "riservata@example.it", "password": PASSWORD, "csrf_token": csrf}

    def broken(email, password):
        raise RuntimeError("the account service broke")

    with caplog.at_level(logging.DEBUG):
        first = login_form()
        assert client.post("/auth/login", data=first).status_code == 303
        second = login_form()  # signing in starts a new session, with a new token
        monkeypatch.setattr("challenge.account.signin_views.authenticate", broken)
        assert client.post("/auth/login", data=second).status_code == 500
    secrets = [
        PASSWORD,
        "riservata@example.it",
        first["csrf_token"],
        second["csrf_token"],
        client.get_cookie("session").value,
        client.get_cookie(app.config["AUTH_COOKIE_NAME"]).value,
    ]
    assert "Traceback" in caplog.text and "the account service broke" in caplog.text
    for secret in secrets:
        assert secret not in caplog.text


def test_database_errors_never_repeat_the_values_sent(app):
    with app.app_context():
        with pytest.raises(DBAPIError) as caught:
            db.session.execute(
                text("SELECT * FROM no_such_table WHERE email = :email"), {"email": "riservata@example.it"}
            )
        db.session.rollback()
    assert "riservata@example.it" not in str(caught.value)
