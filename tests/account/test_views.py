"""The account page: profile, password change and session management."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from challenge.account import sessions as auth_sessions
from challenge.core.extensions import db
from challenge.models import AuthSession, User, utcnow
from tests.factories import PASSWORD, login, make_user

NEW_PASSWORD = "bicicletta-lungo-il-po"


def session_count(app, user_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AuthSession.id)).where(AuthSession.user_id == user_id))


def test_account_requires_sign_in(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_account_lists_active_sessions(app, client):
    with app.app_context():
        user = make_user(name="Marco Rossi")
        login(client, user)
        auth_sessions.start(user, "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0")
    html = client.get("/account").get_data(as_text=True)
    assert "Marco Rossi" in html
    assert "Firefox · Linux" in html
    assert "questa sessione" in html


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client):
    with app.app_context():
        user = make_user()
        user_id = user.id
        login(client, user)
        other = auth_sessions.start(user, "altro browser")
    response = client.post(
        "/account/password", data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 303
    assert session_count(app, user_id) == 1
    assert client.get("/account").status_code == 200
    thief = app.test_client()
    thief.set_cookie(app.config["AUTH_COOKIE_NAME"], other)
    assert thief.get("/account").status_code == 302
    with app.app_context():
        assert check_password_hash(db.session.get(User, user_id).password_hash, NEW_PASSWORD)


def test_password_change_with_wrong_current_password_changes_nothing(app, client):
    with app.app_context():
        user = make_user()
        user_id = user.id
        login(client, user)
        auth_sessions.start(user, "altro browser")
    response = client.post(
        "/account/password", data={"current": "non-la-mia-password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 422
    assert "La password attuale non è corretta." in response.get_data(as_text=True)
    assert session_count(app, user_id) == 2
    with app.app_context():
        assert check_password_hash(db.session.get(User, user_id).password_hash, PASSWORD)


def test_password_change_applies_the_policy(app, client):
    with app.app_context():
        login(client, make_user())
    response = client.post(
        "/account/password", data={"current": PASSWORD, "password": "qwertyuiop", "confirm": "qwertyuiop"}
    )
    assert response.status_code == 422
    assert "più comuni" in response.get_data(as_text=True)


def test_end_one_other_session(app, client):
    with app.app_context():
        user = make_user()
        user_id = user.id
        login(client, user)
        other_token = auth_sessions.start(user, "altro browser")
        other_id = auth_sessions.resolve(other_token, timedelta(days=1), timedelta(days=1)).id
    assert client.post(f"/account/sessions/{other_id}/end").status_code == 303
    assert session_count(app, user_id) == 1
    assert client.get("/account").status_code == 200


def test_cannot_end_someone_elses_session(app, client):
    with app.app_context():
        login(client, make_user())
        victim = make_user()
        victim_id = victim.id
        token = auth_sessions.start(victim, "vittima")
        victim_session = auth_sessions.resolve(token, timedelta(days=1), timedelta(days=1)).id
    assert client.post(f"/account/sessions/{victim_session}/end").status_code == 404
    assert session_count(app, victim_id) == 1


def test_end_all_sessions_signs_out_everywhere(app, client):
    with app.app_context():
        user = make_user()
        user_id = user.id
        login(client, user)
        auth_sessions.start(user, "altro browser")
    assert client.post("/account/sessions/end-all").status_code == 303
    assert session_count(app, user_id) == 0
    assert client.get("/account").status_code == 302


def test_idle_sessions_expire(app, client):
    with app.app_context():
        user = make_user()
        user_id = user.id
        login(client, user)
        db.session.execute(
            AuthSession.__table__.update().values(
                last_seen_at=utcnow() - app.config["AUTH_SESSION_IDLE"] - timedelta(minutes=1)
            )
        )
        db.session.commit()
    assert client.get("/account").status_code == 302
    assert session_count(app, user_id) == 0


def test_an_active_session_still_ends_at_its_absolute_lifetime(app, client):
    with app.app_context():
        user = make_user()
        user_id = user.id
        login(client, user)
        begun = utcnow() - timedelta(seconds=app.config["AUTH_SESSION_MAX_AGE"], minutes=1)
        db.session.execute(AuthSession.__table__.update().values(created_at=begun, last_seen_at=utcnow()))
        db.session.commit()
    assert client.get("/account").status_code == 302
    assert session_count(app, user_id) == 0


def test_activity_refreshes_last_seen(app, client):
    with app.app_context():
        user = make_user()
        login(client, user)
        stale = utcnow() - timedelta(days=3)
        db.session.execute(AuthSession.__table__.update().values(last_seen_at=stale))
        db.session.commit()
    client.get("/account")
    with app.app_context():
        assert db.session.scalar(select(AuthSession.last_seen_at)) > stale + timedelta(days=2)


def test_suspension_ends_every_session(app, client):
    from challenge.moderation.accounts import suspend

    with app.app_context():
        user = make_user()
        login(client, user)
        login(app.test_client(), user)
        suspend(make_user(role="moderator"), user, "Spam ripetuto", None, "spam")
        assert session_count(app, user.id) == 0
    assert client.get("/account").status_code == 302
