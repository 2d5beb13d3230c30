"""A message the staff of a challenge wrote to its participants and followers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import Base
from ..core.model_helpers import utcnow

if TYPE_CHECKING:
    from ..account.models import User
    from ..challenges.models import Challenge


class ChallengeMessage(Base):
    __tablename__ = "challenge_messages"
    # The rate limit counts a challenge's recent messages.
    __table_args__ = (Index("ix_challenge_messages_challenge_created", "challenge_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    recipient_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    challenge: Mapped[Challenge] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined")
