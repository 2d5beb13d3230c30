"""Publishing a new version of the terms of use or of the privacy notice: admins only, recorded in the audit log."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..core import audit, permissions
from ..core.errors import commit_or_raise
from ..core.extensions import db
from ..core.legal import LegalError, forget_in_force, publications_in_force
from ..models import LEGAL_DOCUMENTS, LegalVersion, User
from ..text.characters import SINGLE_LINE, is_single_line


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


def publish_version(actor: audit.Actor, document: str, version: str, summary: str, body: str) -> LegalVersion:
    """Put a new version of a document and its full text in force: every account accepts it before its next write."""
    permissions.require_admin(actor)
    if document not in LEGAL_DOCUMENTS:
        raise LegalError(_("Scegli una voce dell'elenco."), field="document")
    previous = publications_in_force()[document].version
    version = _checked_version(document, version)
    summary = (summary or "").strip()
    if not summary:
        raise LegalError(_("Riassumi che cosa cambia in questa versione."), field="summary")
    body = (body or "").strip()
    if not body:
        raise LegalError(_("Scrivi il testo completo della nuova versione."), field="body")
    row = LegalVersion(
        document=document,
        version=version,
        summary=summary,
        body=body,
        published_by_id=actor.id if isinstance(actor, User) else None,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        actor, "legal_publish", document, row.id, version, reason=summary, changes={"version": [previous, version]}
    )
    commit_or_raise(LegalError(_("Questa etichetta è già stata usata per una versione precedente."), field="version"))
    forget_in_force()
    return row
