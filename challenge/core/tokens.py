"""Signed links sent by email: no table, the signature and a fingerprint are the proof.

A token carries the account id and a short fingerprint of the state that must invalidate it
(the password hash for a reset, the address and its verified flag for a verification). Using
the link changes that state, so a token works once; a later change refuses earlier tokens too.
Each purpose has its own salt, so a token made for one purpose is refused by every other.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .errors import ServiceError


class TokenError(ServiceError):
    """A link is not (or no longer) valid; `expired` tells an old link from a used or forged one."""

    def __init__(self, message: str, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"sfide-pa:{purpose}")


def fingerprint(*state: object) -> str:
    """A short digest of the state a token depends on."""
    return hashlib.sha256("|".join(map(str, state)).encode()).hexdigest()[:24]


def make_token(purpose: str, payload: dict) -> str:
    """Sign `payload` (JSON-serialisable) for one purpose."""
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: timedelta | None) -> dict:
    """The payload of a token of this purpose, younger than `max_age`; TokenError otherwise."""
    serializer = _serializer(purpose)
    try:
        if max_age is None:
            payload = serializer.loads(token)
        else:
            payload = serializer.loads(token, max_age=int(max_age.total_seconds()))
    except SignatureExpired as error:
        raise TokenError("expired", expired=True) from error
    except BadSignature as error:
        raise TokenError("invalid") from error
    if not isinstance(payload, dict):
        raise TokenError("invalid")
    return payload
