"""Published versions of the terms of use and of the privacy notice: the newest of each is in force."""

from __future__ import annotations

from datetime import datetime

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, relationship

from ..account.models import User
from .extensions import Base
from .model_helpers import utcnow

LEGAL_DOCUMENTS: dict[str, LazyString] = {
    "terms": _l("Condizioni d'uso"),
    "privacy": _l("Informativa sulla privacy"),
}


class LegalVersion(Base):
    """One publication of a document; rows are only ever added (a new version is a new row)."""

    __tablename__ = "legal_versions"
    __table_args__ = (
        CheckConstraint("document IN ('terms', 'privacy')", name="document_known"),
        UniqueConstraint("document", "version"),  # a label names one text of a document, forever
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document: Mapped[str] = mapped_column(String(16))
    version: Mapped[str] = mapped_column(String(32))  # what users.terms_version / privacy_version store
    summary: Mapped[str] = mapped_column(Text)  # what changed, shown when accounts accept it
    body: Mapped[str] = mapped_column(Text, default="", server_default="")  # Markdown; "" before 0022
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # None: command line

    published_by: Mapped[User | None] = relationship()

    @property
    def document_label(self) -> LazyString | str:
        return LEGAL_DOCUMENTS.get(self.document, self.document)


class LegalVersionsAreAppendOnly(RuntimeError):
    """Something tried to change or delete a published version."""


@event.listens_for(Session, "before_flush")
def _refuse_changed_versions(session: Session, flush_context, instances) -> None:
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, LegalVersion) and (instance in session.deleted or session.is_modified(instance)):
            raise LegalVersionsAreAppendOnly("published versions are never changed or deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and state.bind_mapper is LegalVersion.__mapper__:
        raise LegalVersionsAreAppendOnly("published versions are never changed or deleted")
