"""The versions of the terms of use and of the privacy notice in force, and their publication by admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, g
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..models import LEGAL_DOCUMENTS, LegalVersion, User
from ..text.characters import SINGLE_LINE, is_single_line
from . import audit, permissions  # a module import: permissions imports this module too
from .errors import ServiceError, commit_or_raise
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


def _checked_version(document: str, version: str) -> str:
    version = (version or "").strip()
    if not version:
        raise LegalError(_("Scrivi l'etichetta della nuova versione."), field="version")
    if len(version) > 32:
        raise LegalError(_("L'etichetta della versione può avere al massimo 32 caratteri."), field="version")
    if not is_single_line(version):
        raise LegalError(str(SINGLE_LINE), field="version")
    if version == publications_in_force()[document].version:
        raise LegalError(_("Questa è già la versione in vigore: scegli un'etichetta nuova."), field="version")
    used = select(LegalVersion.id).where(LegalVersion.document == document, LegalVersion.version == version)
    if db.session.scalar(used) is not None:
        raise LegalError(_("Questa etichetta è già stata usata per una versione precedente."), field="version")
    return version


def publish_version(actor: audit.Actor, document: str, version: str, summary: str) -> LegalVersion:
    """Put a new version of a document in force: every account accepts it before its next write."""
    permissions.require_admin(actor)
    if document not in LEGAL_DOCUMENTS:
        raise LegalError(_("Scegli una voce dell'elenco."), field="document")
    previous = publications_in_force()[document].version
    version = _checked_version(document, version)
    summary = (summary or "").strip()
    if not summary:
        raise LegalError(_("Riassumi che cosa cambia in questa versione."), field="summary")
    row = LegalVersion(
        document=document,
        version=version,
        summary=summary,
        published_by_id=actor.id if isinstance(actor, User) else None,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        actor, "legal_publish", document, row.id, version, reason=summary, changes={"version": [previous, version]}
    )
    commit_or_raise(LegalError(_("Questa etichetta è già stata usata per una versione precedente."), field="version"))
    g.pop("legal_in_force", None)  # the rest of this request sees the new version
    return row
