"""Ties Flask-Login to the server-side sessions: the auth cookie carries only a token."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Response, current_app, g, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from ..account import sessions as auth_sessions
from ..core.extensions import login_manager
from ..models import AuthSession, User

LOGIN_MESSAGE = _l("Accedi per vedere questa pagina.")

# Kept across sign-in and sign-out: harmless preferences, not credentials.
_PRESERVED_KEYS = ("lang",)


def init_app(app: Flask) -> None:
    """Register the request loader and the hook that writes the auth cookie."""
    login_manager.init_app(app)
    login_manager.session_protection = None  # the session record is the protection
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    # Flask-Login's own default is English; str() renders the lazy text in the reader's language.
    login_manager.login_message = LOGIN_MESSAGE
    login_manager.localize_callback = str
    login_manager.request_loader(_load_user)
    app.after_request(_write_auth_cookie)


def _load_user(req) -> User | None:
    config = current_app.config
    token = req.cookies.get(config["AUTH_COOKIE_NAME"], "")
    record = auth_sessions.resolve(
        token, config["AUTH_SESSION_IDLE"], timedelta(seconds=config["AUTH_SESSION_MAX_AGE"])
    )
    if record is None:
        if token:
            g.auth_cookie = ""  # ended or expired elsewhere: drop the cookie
        return None
    if auth_sessions.touch_if_stale(record, config["AUTH_SESSION_TOUCH_EVERY"]):
        g.auth_cookie = token  # slide the cookie's expiry along with the record's
    g.auth_session = record
    return record.user


def current_session() -> AuthSession | None:
    """The sign-in record behind this request, if any."""
    if current_user.is_authenticated:  # makes Flask-Login run the loader once
        return g.get("auth_session")
    return None


def sign_in(user: User) -> None:
    """Start a fresh session for the account; any session this browser had is ended."""
    previous = current_session()
    if previous is not None:
        auth_sessions.end(previous.id)
    _reset_flask_session()
    if user.language:
        session["lang"] = user.language  # the account's language follows it to every browser
    g.auth_cookie = auth_sessions.start(user, request.headers.get("User-Agent", ""))


def sign_out() -> None:
    """End this browser's session on the server and forget the cookie."""
    record = current_session()
    if record is not None:
        auth_sessions.end(record.id)
    logout_user()
    _reset_flask_session()
    g.auth_cookie = ""


def _reset_flask_session() -> None:
    # A new CSRF token at every change of identity prevents session fixation.
    kept = {key: session[key] for key in _PRESERVED_KEYS if key in session}
    session.clear()
    session.update(kept)


def _write_auth_cookie(response: Response) -> Response:
    if "auth_cookie" not in g:
        return response
    config = current_app.config
    name = config["AUTH_COOKIE_NAME"]
    options = {
        "httponly": True,
        "samesite": config["SESSION_COOKIE_SAMESITE"],
        "secure": config["SESSION_COOKIE_SECURE"],
        "path": "/",
    }
    if g.auth_cookie:
        max_age = int(config["AUTH_SESSION_IDLE"].total_seconds())
        response.set_cookie(name, g.auth_cookie, max_age=max_age, **options)
    else:
        response.delete_cookie(name, **options)
    return response
