"""The versions of the terms of use and of the privacy notice in force, their texts, and their publication by admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from importlib.resources import files
from string import Template

from flask import current_app, g
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import ColumnElement

from ..models import LegalVersion, User
from .errors import ServiceError
from .extensions import db

# The setting that is in force for a document until its first publication.
FALLBACK_SETTINGS = {"terms": "TERMS_VERSION", "privacy": "PRIVACY_VERSION"}


class LegalError(ServiceError):
    """A version could not be published."""


@dataclass(frozen=True)
class Publication:
    """A document's version in force; `published_at` is None while the setting is in force."""

    document: str
    version: str
    summary: str = ""
    published_at: datetime | None = None
    body: str = ""  # Markdown; "" while the setting is in force, or for a version published before texts were kept

    @property
    def text(self) -> str:
        """The text in force: the published one, else the one that ships with the code."""
        return self.body if self.published_at is not None else starting_text(self.document)


@cache
def _source(document: str) -> str:
    return (files(__package__) / "legal_texts" / f"{document}.md").read_text(encoding="utf-8")


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def starting_text(document: str) -> str:
    """The Italian text that ships with the code, in force with the setting's version until a first publication.

    The privacy notice's periods are the ones the code applies, read from the settings."""
    config = current_app.config
    return Template(_source(document)).substitute(
        session_idle=_count(config["AUTH_SESSION_IDLE"].days, "giorno", "giorni"),
        failures_kept=_count(config["PASSWORD_FAILURES_KEPT"] // 3600, "ora", "ore"),
        verify_link=_count(int(config["VERIFY_EMAIL_MAX_AGE"].total_seconds() // 3600), "ora", "ore"),
        reset_link=_count(int(config["PASSWORD_RESET_MAX_AGE"].total_seconds() // 3600), "ora", "ore"),
        auto_hide_flags=config["FLAG_AUTO_HIDE"],
    )


def publications_in_force() -> dict[str, Publication]:
    """Each document's version in force: its newest publication, else its setting. Read once per request."""
    cached = g.get("legal_in_force")
    if cached is None:
        config = current_app.config
        cached = {document: Publication(document, config[setting]) for document, setting in FALLBACK_SETTINGS.items()}
        newest = select(func.max(LegalVersion.id)).group_by(LegalVersion.document)
        for row in db.session.scalars(select(LegalVersion).where(LegalVersion.id.in_(newest))):
            cached[row.document] = Publication(row.document, row.version, row.summary, row.published_at, row.body)
        g.legal_in_force = cached
    return cached


def versions_in_force_columns() -> tuple[ColumnElement[str], ColumnElement[str]]:
    """(terms of use, privacy notice) in force as two SQL expressions, for a statement that reads other rows.

    The sign-in check reads them beside the account (`remember_versions`), so that knowing
    whether an account may write costs no statement of its own, and is never out of date.
    """
    config = current_app.config
    return _in_force_columns(config[FALLBACK_SETTINGS["terms"]], config[FALLBACK_SETTINGS["privacy"]])


@lru_cache(maxsize=8)
def _in_force_columns(terms: str, privacy: str) -> tuple[ColumnElement[str], ColumnElement[str]]:
    """Built once per settings' versions, so that a statement reading them is built once too (sessions.resolve)."""

    def in_force(document: str, fallback: str) -> ColumnElement[str]:
        newest = select(LegalVersion.version).where(LegalVersion.document == document)
        newest = newest.order_by(LegalVersion.id.desc()).limit(1)
        return func.coalesce(newest.scalar_subquery(), fallback)

    return in_force("terms", terms), in_force("privacy", privacy)


def remember_versions(terms: str, privacy: str) -> None:
    """Keep the versions read by `versions_in_force_columns` for the rest of the request."""
    g.legal_versions = (terms, privacy)


def forget_in_force() -> None:
    """A version was published: the rest of this request reads the new one."""
    g.pop("legal_in_force", None)
    g.pop("legal_versions", None)


def versions_in_force() -> tuple[str, str]:
    """(terms of use, privacy notice): the versions an account must have accepted to write."""
    if "legal_in_force" not in g and "legal_versions" in g:
        return g.legal_versions
    in_force = publications_in_force()
    return in_force["terms"].version, in_force["privacy"].version


def changes_for(user: User) -> list[Publication]:
    """The publications in force that the account has not accepted yet, with what changed."""
    accepted = {"terms": user.terms_version, "privacy": user.privacy_version}
    return [
        publication
        for document, publication in publications_in_force().items()
        if accepted[document] != publication.version and publication.published_at is not None
    ]


def earlier_versions(document: str) -> list[LegalVersion]:
    """A document's publications before the one in force, newest first."""
    rows = db.session.scalars(
        select(LegalVersion).where(LegalVersion.document == document).order_by(LegalVersion.id.desc()).offset(1)
    )
    return list(rows)


def history() -> list[LegalVersion]:
    """Every publication of both documents, newest first, with who published it."""
    return list(
        db.session.scalars(
            select(LegalVersion)
            .options(joinedload(LegalVersion.published_by))  # the page names the publisher of each row
            .order_by(LegalVersion.id.desc())
        )
    )
