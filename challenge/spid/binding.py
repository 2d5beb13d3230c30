"""Ties each SPID/CIE sign-in to the browser that started it.

The IdP's answer comes back as a cross-site POST, which does not carry our SameSite=Lax session
cookie: a dedicated cookie does (SameSite=None, so browsers require it to be Secure over https).
It holds a random value; each request row stores only its hash, and the assertion consumer accepts
an answer only from a browser holding the value whose hash its request stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Request, current_app
from werkzeug.wrappers import Response

from .responses import REQUEST_MAX_AGE

COOKIE_NAME = "sfide_spid_browser"
COOKIE_PATH = "/auth/"


def browser_value(request: Request) -> str:
    """This browser's value: the one it already holds (other tabs may be signing in too), or a new one."""
    value = request.cookies.get(COOKIE_NAME, "")
    return value if len(value) >= 32 else secrets.token_urlsafe(32)


def value_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def remember(response: Response, value: str) -> None:
    """Give the browser its value, for as long as an answer to its request is accepted."""
    secure = bool(current_app.config.get("SESSION_COOKIE_SECURE")) or current_app.config["PUBLIC_URL"].startswith(
        "https://"
    )
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=int(REQUEST_MAX_AGE.total_seconds()),
        path=COOKIE_PATH,
        httponly=True,
        secure=secure,
        # Browsers drop SameSite=None without Secure; over plain http (development) the default applies.
        samesite="None" if secure else None,
    )


def same_browser(request: Request, stored_hash: str | None) -> bool:
    """The browser posting the answer holds the value its request was bound to."""
    value = request.cookies.get(COOKIE_NAME, "")
    return bool(value and stored_hash) and hmac.compare_digest(value_hash(value), stored_hash or "")
