"""Password recovery: same answer for every address, a one-hour single-use link, every session ended."""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import event, func, select
from werkzeug.security import check_password_hash

from challenge.account import service as accounts
from challenge.core.extensions import db, limiter
from challenge.models import AuthSession, User, utcnow
from tests.auth.mail import link_in, outbox
from tests.conftest import empty_tables
from tests.factories import PASSWORD, login, make_user
from tests.same_page import without_csrf_tokens

NEW = {"password": "nuova-password-sicura", "confirm": "nuova-password-sicura"}


def asked(app, client, email="anna@example.it") -> str:
    """Ask for a reset and return the path of the emailed link."""
    assert client.post("/auth/password/forgot", data={"email": email}).status_code == 303
    return link_in(outbox(app)[-1], "/auth/password/reset/")


def password_is(app, password, email="anna@example.it") -> bool:
    with app.app_context():
        return check_password_hash(db.session.scalar(select(User.password_hash).where(User.email == email)), password)


def test_same_answer_whether_or_not_the_address_exists(app, client):
    with app.app_context():
        make_user(email="anna@example.it")
    known = client.post("/auth/password/forgot", data={"email": "Anna@Example.it"}, follow_redirects=True)
    unknown = client.post("/auth/password/forgot", data={"email": "nessuno@example.it"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert without_csrf_tokens(known.get_data(as_text=True).replace("Anna@Example.it", "X")) == without_csrf_tokens(
        unknown.get_data(as_text=True).replace("nessuno@example.it", "X")
    )
    to_known, to_unknown = outbox(app)
    assert (to_known.recipient, to_unknown.recipient) == ("anna@example.it", "nessuno@example.it")
    assert "/auth/password/reset/" in to_known.body
    assert "/auth/password/reset/" not in to_unknown.body and "nessun account" in to_unknown.body


def test_a_malformed_address_is_told_next_to_the_field(client):
    response = client.post("/auth/password/forgot", data={"email": "non-un-indirizzo"})
    assert response.status_code == 422
    assert 'id="email-error"' in response.get_data(as_text=True)


def test_reset_sets_the_password_ends_every_session_and_signs_in(app, client):
    with app.app_context():
        user = make_user(email="anna@example.it", email_verified_at=None)
        elsewhere = app.test_client()
        login(elsewhere, user)
    link = asked(app, client)
    assert client.get(link).status_code == 200
    response = client.post(link, data=NEW)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account")
    assert password_is(app, NEW["password"])
    assert elsewhere.get("/account").status_code == 302, "the other session ended"
    assert client.get("/account").status_code == 200, "this browser is signed in afresh"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuthSession)) == 1
        assert db.session.scalar(select(User)).is_verified, "the link proved the address"


def test_the_new_password_follows_the_rules(app, client):
    with app.app_context():
        make_user(email="anna@example.it")
    link = asked(app, client)
    response = client.post(link, data={"password": "password123", "confirm": "password123"})
    assert response.status_code == 422
    assert "più comuni" in response.get_data(as_text=True)
    assert password_is(app, PASSWORD)
    mismatch = client.post(link, data={"password": NEW["password"], "confirm": "un-altra-cosa-123"})
    assert "non coincidono" in mismatch.get_data(as_text=True)
    assert password_is(app, PASSWORD)


def test_the_link_works_once(app, client):
    with app.app_context():
        make_user(email="anna@example.it")
    link = asked(app, client)
    client.post(link, data=NEW)
    again = app.test_client().post(link, data={"password": "terza-password-sicura", "confirm": "terza-password-sicura"})
    assert again.status_code == 400
    assert "già stato usato" in again.get_data(as_text=True)
    assert password_is(app, NEW["password"])


def test_a_link_issued_before_a_later_password_change_is_refused(app, client):
    with app.app_context():
        make_user(email="anna@example.it")
    older = asked(app, client)
    newer = asked(app, client)
    client.post(newer, data=NEW)
    assert client.get(older).status_code == 400


def test_the_link_expires_after_one_hour(app, client, monkeypatch):
    with app.app_context():
        make_user(email="anna@example.it")
    link = asked(app, client)
    later = int(time.time()) + 3600 + 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    response = client.post(link, data=NEW)
    assert response.status_code == 400
    assert "scaduto" in response.get_data(as_text=True)
    assert password_is(app, PASSWORD)


def test_a_link_stops_working_once_the_account_is_deleted(app, client):
    with app.app_context():
        user_id = make_user(email="anna@example.it").id
    link = asked(app, client)
    with app.app_context():
        db.session.get(User, user_id).deleted_at = utcnow()
        db.session.commit()
    assert client.post(link, data=NEW).status_code == 400


def limited(app_factory, **limits):
    app = app_factory(RATELIMIT_ENABLED=True, **limits)
    with app.app_context():
        empty_tables()
        limiter.reset()
        make_user(email="anna@example.it")
    return app


def test_forgot_is_limited_per_address_across_ips(app_factory):
    app = limited(app_factory, RATELIMIT_PASSWORD_FORGOT_PER_ADDRESS="2 per hour")
    statuses = [
        app.test_client()
        .post("/auth/password/forgot", data={"email": "anna@example.it"}, environ_base={"REMOTE_ADDR": f"10.0.0.{n}"})
        .status_code
        for n in range(3)
    ]
    assert statuses == [303, 303, 429]
    assert len(outbox(app)) == 2


def test_forgot_is_limited_per_ip_across_addresses(app_factory):
    app = limited(app_factory, RATELIMIT_PASSWORD_FORGOT_PER_IP="2 per hour")
    client = app.test_client()
    statuses = [client.post("/auth/password/forgot", data={"email": f"p{n}@example.it"}).status_code for n in range(3)]
    assert statuses == [303, 303, 429]


def statements_of(app, address: str) -> list[str]:
    """The SQL that asking a reset for `address` runs, without its parameters."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.test_request_context():
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            accounts.request_password_reset(address)
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
    return seen


@pytest.mark.committed  # compared statement by statement: no test savepoints among them
def test_a_known_and_an_unknown_address_run_the_same_statements(app):
    """The timing side channel: both paths look up, queue one message and commit, nothing else."""
    with app.app_context():
        make_user(email="anna@example.it")
    known, unknown = statements_of(app, "anna@example.it"), statements_of(app, "nessuno@example.it")
    assert known == unknown
    assert any("INSERT INTO outbox_emails" in statement for statement in known)
    assert [message.recipient for message in outbox(app)] == ["anna@example.it", "nessuno@example.it"]
