"""Headers and CSRF of PRODUCT.md's Security section."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from challenge import create_app
from challenge.account.signin_forms import RegisterForm
from challenge.core.extensions import db
from challenge.models import User


@pytest.mark.parametrize("path", ["/", "/auth/login", "/challenges", "/nope"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers


def test_hsts_only_over_https(client):
    assert "max-age" in client.get("/", base_url="https://localhost").headers["Strict-Transport-Security"]


def test_pages_have_no_inline_script(client):
    html = client.get("/").get_data(as_text=True)
    assert "<script>" not in html
    assert " onclick=" not in html


def test_post_without_csrf_token_is_refused_and_changes_nothing(csrf_app):
    client = csrf_app.test_client()
    data = {
        "email": "a@example.it",
        "name": "Anna",
        "password": "orto-urbano-2026",
        "confirm": "orto-urbano-2026",
        "accept_terms": "y",
    }
    response = client.post("/auth/register", data=data)
    assert response.status_code == 400
    assert "Richiesta non valida" in response.get_data(as_text=True)
    with csrf_app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_post_with_csrf_token_from_the_form_works(csrf_app):
    import re

    client = csrf_app.test_client()
    page = client.get("/auth/register").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {
        "csrf_token": token,
        "email": "a@example.it",
        "name": "Anna",
        "password": "orto-urbano-2026",
        "confirm": "orto-urbano-2026",
        "accept_terms": "y",
    }
    assert client.post("/auth/register", data=data).status_code == 303


def test_csrf_token_in_header_is_accepted(csrf_app):
    import re

    client = csrf_app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = {"email": "nessuno@example.it", "password": "sbagliata-123"}
    assert client.post("/auth/login", data=data).status_code == 400, "without the token"
    response = client.post("/auth/login", data=data, headers={"X-CSRFToken": token})
    assert response.status_code == 422, "the token in the header passes; the sign-in itself fails"


def test_session_cookie_flags(app_factory):
    app = app_factory(SESSION_COOKIE_SECURE=True)
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    client = app.test_client()
    response = client.post("/lang", data={"lang": "en"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=sportello%00",
        "/challenges?lab=%00",
        "/api/v1/challenges?lab=a%00b",
        "/challenges?%00=1",
        "/challenges/sfida%00",
        "/search?q=sportello%01",
        "/search?q=%0b",
        "/challenges?region=%1f",
        "/challenges?%08=1",
        "/challenges/sfida%1b",
    ],
)
def test_control_characters_in_the_path_or_query_are_400_on_every_database(client, url):
    assert client.get(url).status_code == 400


def test_line_breaks_and_tabs_in_the_query_are_ordinary_text(client):
    assert client.get("/search?q=orti%0D%0Aurbani%09condivisi").status_code == 200


def test_control_characters_in_a_form_field_name_are_400(client):
    assert client.post("/lang", data={"lang": "en", "x\x00": "1"}).status_code == 400


def test_nul_characters_in_a_form_are_refused_next_to_the_field_and_change_nothing(app, client):
    valid = {
        "name": "Anna",
        "email": "anna@example.it",
        "password": "una-password-lunga",
        "confirm": "una-password-lunga",
        "accept_terms": "y",
    }
    assert set(valid) <= set(RegisterForm.__dict__)  # the fields the form really has
    response = client.post("/auth/register", data={**valid, "name": "Anna\x00"})
    assert response.status_code == 422
    assert 'id="name-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(User).count() == 0
    assert client.post("/auth/register", data=valid).status_code == 303  # the same form without the NUL is accepted


@pytest.mark.parametrize("config", ["default", "dev", "prod"])
def test_csrf_is_on_in_the_default_and_production_configurations(tmp_path, monkeypatch, config):
    monkeypatch.setenv("SFIDE_INSTANCE_PATH", str(tmp_path))
    for name in ("DATABASE_URL", "REDIS_URL", "FLASK_WTF_CSRF_ENABLED"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "csrf-test-secret")
    app = create_app(config)
    assert app.config.get("WTF_CSRF_ENABLED", True) is True
    # /lang needs no token (it changes only the visitor's language); the sign-in form does.
    assert app.test_client().post("/auth/login", data={"email": "a@example.it", "password": "x"}).status_code == 400
