"""Headers and CSRF of PRODUCT.md's Security section."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from challenge.extensions import db
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
    data = {"email": "a@example.it", "name": "Anna", "password": "orto-urbano-2026", "confirm": "orto-urbano-2026", "accept_terms": "y"}
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
    data = {"csrf_token": token, "email": "a@example.it", "name": "Anna", "password": "orto-urbano-2026", "confirm": "orto-urbano-2026", "accept_terms": "y"}
    assert client.post("/auth/register", data=data).status_code == 303


def test_csrf_token_in_header_is_accepted(csrf_app):
    import re

    client = csrf_app.test_client()
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/lang", data={"lang": "en"}, headers={"X-CSRFToken": token})
    assert response.status_code == 303


def test_session_cookie_flags(app_factory):
    app = app_factory(SESSION_COOKIE_SECURE=True)
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    client = app.test_client()
    response = client.post("/lang", data={"lang": "en"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


@pytest.mark.parametrize("url", ["/search?q=sportello%00", "/challenges?lab=%00", "/api/v1/challenges?lab=a%00b", "/challenges?%00=1", "/challenges/sfida%00"])
def test_nul_characters_in_the_query_are_400_on_every_database(client, url):
    assert client.get(url).status_code == 400


def test_nul_characters_in_a_form_are_400_and_change_nothing(app, client):
    response = client.post("/auth/register", data={
        "display_name": "Anna\x00", "email": "anna@example.it", "password": "una-password-lunga", "password_confirm": "una-password-lunga",
    })
    assert response.status_code == 400
    with app.app_context():
        assert db.session.query(User).count() == 0
