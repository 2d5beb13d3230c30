"""An invitation to become a co-author of a solution, sent by one of its authors to an email address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..account.models import User
from ..core.extensions import Base
from ..core.model_helpers import utcnow
from ..solutions.models import Solution

ANSWERS = ("accepted", "declined")


class CoauthorInvitation(Base):
    """Pending until answered (accepted or declined) or past `expires_at`; the link is a signed token
    (core.tokens) whose fingerprint holds `sent_at`, so re-sending retires the earlier link."""

    __tablename__ = "coauthor_invitations"
    __table_args__ = (CheckConstraint("answer IN ('accepted', 'declined')", name="answer_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    answer: Mapped[str | None] = mapped_column(String(8))
    answered_at: Mapped[datetime | None]
    # Who answered: the invited address's account (None when it declined without one).
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)

    solution: Mapped[Solution] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    def is_pending(self, now: datetime) -> bool:
        """Not answered and not expired."""
        return self.answer is None and now < self.expires_at
