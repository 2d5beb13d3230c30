"""Sign-in and registration are rate-limited per IP; password checks cool down per email."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import logging
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from challenge.account import password_checks
from challenge.core.extensions import db, limiter
from challenge.models import PasswordThrottle, User
from tests.conftest import empty_tables
from tests.factories import PASSWORD, login, make_user


@pytest.fixture
def limited_app(app_factory):
    app = app_factory(
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN_PER_IP="6 per minute",
        RATELIMIT_REGISTER_PER_IP="2 per hour",
        PASSWORD_FREE_FAILURES=3,
        PASSWORD_COOLDOWN_FIRST=30,
        PASSWORD_COOLDOWN_MAX=100,
        PASSWORD_FAILURES_KEPT=3600,
    )
    with app.app_context():
        empty_tables()
        limiter.reset()
    return app


class Clock:
    """The time password_checks sees, moved by hand: no test waits."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(password_checks, "utcnow", clock)
    return clock


_addresses = (f"10.1.{n // 250}.{n % 250 + 1}" for n in itertools.count())


def sign_in(app, email: str, password: str):
    """A sign-in attempt from a fresh browser and address, so that the per-IP limit stays out of the way."""
    return app.test_client().post(
        "/auth/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": next(_addresses)}
    )


def statuses(app, email: str, passwords: list[str]) -> list[int]:
    return [sign_in(app, email, password).status_code for password in passwords]


WRONG = "non-e-questa-1"


def test_failures_make_the_email_wait_longer_each_time_and_then_the_right_password_passes(limited_app, clock):
    with limited_app.app_context():
        make_user(email="anna@example.it")
    assert statuses(limited_app, "anna@example.it", [WRONG] * 3) == [422] * 3
    waiting = sign_in(limited_app, "anna@example.it", PASSWORD)
    assert waiting.status_code == 429 and "riprova tra 30 secondi" in waiting.get_data(as_text=True)
    clock.advance(30)
    assert sign_in(limited_app, "anna@example.it", WRONG).status_code == 422  # checked again: a 4th failure
    clock.advance(59)
    assert "riprova tra 1 secondo." in sign_in(limited_app, "anna@example.it", PASSWORD).get_data(
        as_text=True
    )  # doubled to 60 s
    clock.advance(1)
    assert sign_in(limited_app, "anna@example.it", PASSWORD).status_code == 303
    # The right password starts afresh: three free failures again.
    assert statuses(limited_app, "anna@example.it", [WRONG] * 3 + [PASSWORD]) == [422, 422, 422, 429]


def test_tries_during_a_cool_down_are_not_checked_and_do_not_lengthen_it(limited_app, clock):
    with limited_app.app_context():
        make_user(email="anna@example.it")
    statuses(limited_app, "anna@example.it", [WRONG] * 3)
    clock.advance(10)
    assert statuses(limited_app, "anna@example.it", [WRONG] * 5) == [429] * 5
    clock.advance(20)
    assert sign_in(limited_app, "anna@example.it", PASSWORD).status_code == 303


def test_the_wait_grows_up_to_the_maximum_and_failures_are_forgotten_later(limited_app, clock):
    with limited_app.app_context():
        make_user(email="anna@example.it")
        waits = [password_checks.cooldown(n).total_seconds() for n in range(1, 8)]
    assert waits == [0, 0, 30, 60, 100, 100, 100]
    for _ in range(6):
        sign_in(limited_app, "anna@example.it", WRONG)
        clock.advance(100)
    clock.advance(3600)  # an hour after the last failure, they are forgotten
    assert statuses(limited_app, "anna@example.it", [WRONG] * 2) == [422, 422]
    assert sign_in(limited_app, "anna@example.it", PASSWORD).status_code == 303


def test_an_unknown_email_cools_down_exactly_like_a_known_one(limited_app, clock):
    with limited_app.app_context():
        make_user(email="anna@example.it")
    known = statuses(limited_app, "anna@example.it", [WRONG] * 4)
    unknown = statuses(limited_app, "nessuno@example.it", [WRONG] * 4)
    assert known == unknown == [422, 422, 422, 429]


def test_password_rechecks_while_signed_in_share_the_accounts_cool_down(limited_app, clock):
    with limited_app.app_context():
        user = make_user(email="anna@example.it")
        user_id = user.id
        client = limited_app.test_client()
        login(client, user)
    change = {"current": WRONG, "password": "nuova-parola-lunga-7", "confirm": "nuova-parola-lunga-7"}
    assert client.post("/account/password", data=change).status_code == 422
    assert client.post("/account/delete", data={"password": WRONG, "confirm": "y"}).status_code == 422
    assert sign_in(limited_app, "anna@example.it", WRONG).status_code == 422
    # Three failures on the account, wherever they came from: every check now waits.
    waiting = client.post("/account/password", data={**change, "current": PASSWORD})
    assert waiting.status_code == 429 and waiting.headers["Retry-After"] == "30"
    assert client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"}).status_code == 429
    assert sign_in(limited_app, "anna@example.it", PASSWORD).status_code == 429
    with limited_app.app_context():
        assert db.session.get(User, user_id).deleted_at is None
    clock.advance(30)
    assert client.post("/account/password", data={**change, "current": PASSWORD}).status_code == 303


def test_the_key_is_an_hmac_of_the_email_with_the_secret_key(limited_app, app_factory, clock, caplog):
    caplog.set_level(logging.DEBUG)
    assert statuses(limited_app, "Anna@Example.it", [WRONG] * 4)[-1] == 429
    assert (
        limited_app.test_client().post("/auth/login", data={"email": "Anna@Example.it", "password": WRONG}).status_code
        == 429
    )
    for reversible in ("anna@example.it", hashlib.sha256(b"anna@example.it").hexdigest()):
        assert reversible not in caplog.text.lower()
    with limited_app.app_context():
        keys = db.session.scalars(select(PasswordThrottle.key)).all()
        assert keys == [hmac.new(b"test-only-secret-key", b"anna@example.it", hashlib.sha256).hexdigest()]
        assert keys[0] != hashlib.sha256(b"anna@example.it").hexdigest()
    with app_factory(SECRET_KEY="another-secret").app_context():
        assert password_checks.account_key("anna@example.it") != keys[0]


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
        data = {
            "email": f"nuovo{n}@example.it",
            "name": "Nuovo",
            "password": "orto-urbano-2026",
            "confirm": "orto-urbano-2026",
            "accept_terms": "y",
        }
        assert fresh.post("/auth/register", data=data).status_code == 303
    response = client.post("/auth/register", data={"email": "terzo@example.it"})
    assert response.status_code == 429


def test_rate_limits_and_the_password_cool_down_can_be_switched_off(app_factory):
    app = app_factory(RATELIMIT_ENABLED=False, RATELIMIT_LOGIN_PER_IP="1 per minute", PASSWORD_FREE_FAILURES=1)
    client = app.test_client()
    for _ in range(3):
        assert client.post("/auth/login", data={"email": "a@example.it", "password": "x"}).status_code == 422
