"""Pieces every service uses."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError, OperationalError

from ..text.slugs import slugify
from .extensions import db


class ServiceError(Exception):
    """A rule refused the request; `field` names the form field it concerns, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDenied(ServiceError):
    """The account may not do this (HTTP 403)."""


class InvalidInput(ServiceError):
    """The request itself is malformed (HTTP 400)."""


class TooManyAttempts(ServiceError):
    """Refused unheard until a cool-down ends (HTTP 429 with Retry-After)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def commit_or_raise(error: ServiceError) -> None:
    """Commit, or roll back and raise `error` when a constraint refused the write."""
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise error from exc


def commit_unless_present(row) -> None:
    """Add a row and commit; when a parallel request committed the same key first, the outcome is the same
    (a follow, say), so its refusal is not an error."""
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


# PostgreSQL's SQLSTATE for a transaction cancelled to break a deadlock.
DEADLOCK = "40P01"


def is_deadlock(error: OperationalError) -> bool:
    """Whether the database cancelled the transaction to break a deadlock (which a retry may pass)."""
    return getattr(error.orig, "sqlstate", None) == DEADLOCK


def code_for(value: str, labels: dict) -> str | None:
    """The code of a choice given as its code ('municipality') or its Italian label ('Comune', 'comune')."""
    wanted = slugify(value).replace("-", "_")
    for code, label in labels.items():
        if wanted in (code, slugify(str(label)).replace("-", "_")):
            return code
    return None
