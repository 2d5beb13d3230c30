"""Earlier versions of edited comments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import Base
from ..core.model_helpers import utcnow


class CommentRevision(Base):
    """The text of a comment as it was before its author edited it; moderators read these."""

    __tablename__ = "comment_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)  # when that text was replaced
