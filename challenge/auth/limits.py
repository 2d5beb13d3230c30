"""Rate limits per IP on sign-in and registration, tuned through the configuration.

Failures per account are slowed down by services.password_checks, which every password check uses.
"""

from __future__ import annotations

from flask import current_app


def login_per_ip() -> str:
    return current_app.config["RATELIMIT_LOGIN_PER_IP"]


def register_per_ip() -> str:
    return current_app.config["RATELIMIT_REGISTER_PER_IP"]
