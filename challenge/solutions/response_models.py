"""An administration's official response to a solution, with its outcome and history."""

from __future__ import annotations

from datetime import datetime

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..account.models import User
from ..core.extensions import Base
from ..core.model_helpers import utcnow

OUTCOMES: dict[str, LazyString] = {
    "under_review": _l("In esame"),
    "accepted": _l("Accolta"),
    "rejected": _l("Respinta"),
    "implemented": _l("Realizzata"),
}
_OUTCOME_CHECK = "outcome IN (" + ", ".join(f"'{outcome}'" for outcome in OUTCOMES) + ")"


class OfficialResponse(Base):
    __tablename__ = "official_responses"
    __table_args__ = (
        CheckConstraint(_OUTCOME_CHECK, name="outcome_known"),
        Index("ix_official_responses_administration_created", "administration_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), unique=True)
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()

    @property
    def outcome_label(self) -> LazyString:
        return OUTCOMES[self.outcome]


class OfficialResponseRevision(Base):
    """A response as it was before an edit."""

    __tablename__ = "official_response_revisions"
    __table_args__ = (CheckConstraint(_OUTCOME_CHECK, name="outcome_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("official_responses.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)  # when that version was replaced
