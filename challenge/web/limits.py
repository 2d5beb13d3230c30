"""Rate limits per IP on sign-in and registration, and per account on writing, tuned through the configuration.

Failures per account are slowed down by services.password_checks, which every password check uses.
"""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

from ..account.password_checks import account_key


def login_per_ip() -> str:
    return current_app.config["RATELIMIT_LOGIN_PER_IP"]


def register_per_ip() -> str:
    return current_app.config["RATELIMIT_REGISTER_PER_IP"]


def verify_resend_per_account() -> str:
    return current_app.config["RATELIMIT_VERIFY_RESEND"]


def forgot_per_ip() -> str:
    return current_app.config["RATELIMIT_PASSWORD_FORGOT_PER_IP"]


def forgot_per_address() -> str:
    return current_app.config["RATELIMIT_PASSWORD_FORGOT_PER_ADDRESS"]


def solutions_per_account() -> str:
    return current_app.config["RATELIMIT_SOLUTIONS"]


def comments_per_account() -> str:
    return current_app.config["RATELIMIT_COMMENTS"]


def votes_per_account() -> str:
    return current_app.config["RATELIMIT_VOTES"]


def flags_per_account() -> str:
    return current_app.config["RATELIMIT_FLAGS"]


def appeals_per_account() -> str:
    return current_app.config["RATELIMIT_APPEALS"]


def coauthor_invitations_per_account() -> str:
    return current_app.config["RATELIMIT_COAUTHOR_INVITATIONS"]


def posted_email_key() -> str:
    """The posted email as the HMAC the password checks use: limiter storage and logs hold no address."""
    return "email:" + account_key(request.form.get("email", "").strip().lower())


def signed_in_key() -> str:
    """The signed-in account, for limits that follow a person across addresses."""
    return f"user:{current_user.get_id()}"
