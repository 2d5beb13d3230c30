"""Sign-in and registration are rate-limited per IP and per account."""

from __future__ import annotations

import pytest

from challenge.extensions import limiter
from tests.conftest import empty_tables
from tests.factories import PASSWORD, make_user


@pytest.fixture
def limited_app(app_factory):
    app = app_factory(
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN_PER_IP="6 per minute",
        RATELIMIT_LOGIN_FAILURES_PER_ACCOUNT="3 per 15 minutes",
        RATELIMIT_REGISTER_PER_IP="2 per hour",
    )
    with app.app_context():
        empty_tables()
        limiter.reset()
    return app


def test_repeated_failures_lock_the_account_even_from_other_addresses(limited_app):
    with limited_app.app_context():
        make_user(email="anna@example.it")
    bad = {"email": "anna@example.it", "password": "non-e-questa-1"}
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        client = limited_app.test_client()
        assert client.post("/auth/login", data=bad, environ_base={"REMOTE_ADDR": address}).status_code == 422
    client = limited_app.test_client()
    response = client.post("/auth/login", data={"email": "anna@example.it", "password": PASSWORD}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 429
    assert "Troppe richieste" in response.get_data(as_text=True)


def test_successful_sign_ins_do_not_count_against_the_account(limited_app):
    with limited_app.app_context():
        make_user(email="anna@example.it")
    good = {"email": "anna@example.it", "password": PASSWORD}
    for address in ("10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.4"):
        client = limited_app.test_client()
        assert client.post("/auth/login", data=good, environ_base={"REMOTE_ADDR": address}).status_code == 303


def test_login_is_limited_per_ip(limited_app):
    client = limited_app.test_client()
    statuses = [
        client.post("/auth/login", data={"email": f"p{n}@example.it", "password": "x"}).status_code for n in range(7)
    ]
    assert statuses[:6] == [422] * 6
    assert statuses[6] == 429


def test_registration_is_limited_per_ip(limited_app):
    client = limited_app.test_client()
    for n in range(2):
        fresh = limited_app.test_client()
        data = {"email": f"nuovo{n}@example.it", "name": "Nuovo", "password": "orto-urbano-2026", "confirm": "orto-urbano-2026", "accept_terms": "y"}
        assert fresh.post("/auth/register", data=data).status_code == 303
    response = client.post("/auth/register", data={"email": "terzo@example.it"})
    assert response.status_code == 429


def test_rate_limits_can_be_switched_off(app_factory):
    app = app_factory(RATELIMIT_ENABLED=False, RATELIMIT_LOGIN_PER_IP="1 per minute")
    client = app.test_client()
    for _ in range(3):
        assert client.post("/auth/login", data={"email": "a@example.it", "password": "x"}).status_code == 422
