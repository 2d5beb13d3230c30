"""Server-side sign-in sessions: the cookie holds a random token, the table its hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import lru_cache
from typing import cast

from sqlalchemy import CursorResult, Select, bindparam, delete, select
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import ColumnElement

from ..core import legal
from ..core.extensions import db
from ..models import AuthSession, User, utcnow


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: User, user_agent: str) -> str:
    """Record a new sign-in and return the token for the browser's cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(AuthSession(token_hash=_hash(token), user=user, user_agent=user_agent[:255]))
    db.session.commit()
    return token


@lru_cache(maxsize=8)
def _resolving(in_force: tuple[ColumnElement[str], ColumnElement[str]]) -> Select:
    """The session of a token's hash, its account and the versions in force: built once per versions' columns."""
    statement = select(AuthSession, *in_force).options(joinedload(AuthSession.user))
    return statement.where(AuthSession.token_hash == bindparam("token_hash"))


def resolve(token: str, idle: timedelta, max_age: timedelta) -> AuthSession | None:
    """The live session for a cookie token: used within `idle`, begun within `max_age`.

    One statement reads the session, its account and the versions of the terms in force
    (which every write checks). Expired sessions are deleted on sight.
    """
    if not token:
        return None
    found = db.session.execute(_resolving(legal.versions_in_force_columns()), {"token_hash": _hash(token)}).first()
    if found is None:
        return None
    record, terms, privacy = found
    now = utcnow()
    if record.last_seen_at < now - idle or record.created_at < now - max_age:
        end(record.id)
        return None
    legal.remember_versions(terms, privacy)
    return record


def touch_if_stale(record: AuthSession, every: timedelta) -> bool:
    """Refresh `last_seen_at` at most once per `every`; True when it was refreshed."""
    now = utcnow()
    if record.last_seen_at >= now - every:
        return False
    record.last_seen_at = now
    db.session.commit()
    return True


def end(session_id: int, user: User | None = None) -> bool:
    """Delete one session (only the given account's, when one is named); True if it existed."""
    statement = delete(AuthSession).where(AuthSession.id == session_id)
    if user is not None:
        statement = statement.where(AuthSession.user_id == user.id)
    deleted = cast(CursorResult, db.session.execute(statement)).rowcount
    db.session.commit()
    return deleted > 0


def end_all(user: User, except_id: int | None = None, commit: bool = True) -> None:
    """Delete every session of the account, except possibly the current one."""
    statement = delete(AuthSession).where(AuthSession.user_id == user.id)
    if except_id is not None:
        statement = statement.where(AuthSession.id != except_id)
    db.session.execute(statement)
    if commit:
        db.session.commit()


def list_for(user: User) -> list[AuthSession]:
    """The account's sessions, most recently used first."""
    return list(
        db.session.scalars(
            select(AuthSession)
            .where(AuthSession.user_id == user.id)
            .order_by(AuthSession.last_seen_at.desc(), AuthSession.id.desc())
        )
    )
