"""Every password check goes through here: a growing cool-down per email, never a lockout.

After a few failures an email waits before its next password is even checked, longer after
each further failure; once the wait is over the right password signs in again. So a guesser
gets a handful of tries an hour, and whoever knows someone's email can delay them by minutes
at most, never lock them out. Unknown emails are treated exactly like known ones.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from math import ceil

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.security import check_password_hash

from ..core.errors import TooManyAttempts
from ..core.extensions import db
from ..models import PasswordThrottle, utcnow


def account_key(email: str) -> str:
    """An HMAC of the stored (lower-cased) email with SECRET_KEY: not reversible without the key."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, email.encode(), hashlib.sha256).hexdigest()


def cooldown(failure_count: int) -> timedelta:
    """How long a password check waits after this many failures in a row."""
    config = current_app.config
    beyond = failure_count - config["PASSWORD_FREE_FAILURES"]
    if beyond < 0:
        return timedelta(0)
    seconds = config["PASSWORD_COOLDOWN_FIRST"] * 2 ** min(beyond, 32)
    return timedelta(seconds=min(seconds, config["PASSWORD_COOLDOWN_MAX"]))


def password_matches(email: str, password_hash: str, password: str) -> bool:
    """Check a password for this email, or raise TooManyAttempts while its cool-down lasts."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return check_password_hash(password_hash, password)
    key = account_key(email)
    now = utcnow()
    record = db.session.get(PasswordThrottle, key)
    if record is not None and record.locked_until is not None and record.locked_until > now:
        seconds = ceil((record.locked_until - now).total_seconds())
        raise TooManyAttempts(
            ngettext(
                "Troppi tentativi con una password errata: riprova tra %(num)d secondo.",
                "Troppi tentativi con una password errata: riprova tra %(num)d secondi.",
                seconds,
            ),
            retry_after=seconds,
        )
    if check_password_hash(password_hash, password):
        if record is not None:
            db.session.delete(record)  # a fresh start; the caller's commit (sign-in, change) writes it
        return True
    _count_failure(key, now)
    return False


def _count_failure(key: str, now: datetime) -> None:
    kept = timedelta(seconds=current_app.config["PASSWORD_FAILURES_KEPT"])
    # Forgetting old failures here keeps the table to about a day of emails.
    db.session.execute(delete(PasswordThrottle).where(PasswordThrottle.last_failure_at < now - kept))
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    # One statement, so that parallel failures all count.
    upsert = dialect.insert(PasswordThrottle).values(key=key, failure_count=1, last_failure_at=now)
    count = db.session.execute(
        upsert.on_conflict_do_update(
            index_elements=[PasswordThrottle.key],
            set_={"failure_count": PasswordThrottle.failure_count + 1, "last_failure_at": now},
        ).returning(PasswordThrottle.failure_count)
    ).scalar_one()
    wait = cooldown(count)
    if wait:
        db.session.execute(update(PasswordThrottle).where(PasswordThrottle.key == key).values(locked_until=now + wait))
    db.session.commit()


def forget(email: str) -> None:
    """Drop the email's failures (account erasure); the caller commits."""
    db.session.execute(delete(PasswordThrottle).where(PasswordThrottle.key == account_key(email)))
