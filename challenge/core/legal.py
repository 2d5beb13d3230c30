"""The versions of the terms of use and of the privacy notice in force, and their publication by admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, g
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

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


def publications_in_force() -> dict[str, Publication]:
    """Each document's version in force: its newest publication, else its setting. Read once per request."""
    # Every signed-in page and every write asks (write_block): one statement per request, kept on `g`.
    cached = g.get("legal_in_force")
    if cached is None:
        config = current_app.config
        cached = {document: Publication(document, config[setting]) for document, setting in FALLBACK_SETTINGS.items()}
        newest = select(func.max(LegalVersion.id)).group_by(LegalVersion.document)
        for row in db.session.scalars(select(LegalVersion).where(LegalVersion.id.in_(newest))):
            cached[row.document] = Publication(row.document, row.version, row.summary, row.published_at)
        g.legal_in_force = cached
    return cached


def versions_in_force() -> tuple[str, str]:
    """(terms of use, privacy notice): the versions an account must have accepted to write."""
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


def history() -> list[LegalVersion]:
    """Every publication of both documents, newest first, with who published it."""
    return list(
        db.session.scalars(
            select(LegalVersion)
            .options(joinedload(LegalVersion.published_by))  # the page names the publisher of each row
            .order_by(LegalVersion.id.desc())
        )
    )
