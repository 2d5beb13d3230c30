"""Rate limits on sign-in and registration, tuned through the configuration."""

from __future__ import annotations

import hashlib

from flask import current_app, request
from flask_login import current_user
from werkzeug.wrappers import Response


def login_per_ip() -> str:
    return current_app.config["RATELIMIT_LOGIN_PER_IP"]


def login_failures_per_account() -> str:
    return current_app.config["RATELIMIT_LOGIN_FAILURES_PER_ACCOUNT"]


def register_per_ip() -> str:
    return current_app.config["RATELIMIT_REGISTER_PER_IP"]


def account_key() -> str:
    """The posted email, hashed so that limiter storage holds no address."""
    email = request.form.get("email", "").strip().lower()
    return "account:" + hashlib.sha256(email.encode()).hexdigest()


def is_failure(response: Response) -> bool:
    """A sign-in attempt counts against the account only when it did not succeed."""
    return response.status_code != 303


def verify_resend_per_account() -> str:
    return current_app.config["RATELIMIT_VERIFY_RESEND"]


def forgot_per_ip() -> str:
    return current_app.config["RATELIMIT_PASSWORD_FORGOT_PER_IP"]


def forgot_per_address() -> str:
    return current_app.config["RATELIMIT_PASSWORD_FORGOT_PER_ADDRESS"]


def signed_in_key() -> str:
    """The signed-in account, for limits that follow a person across addresses."""
    return f"user:{current_user.get_id()}"
