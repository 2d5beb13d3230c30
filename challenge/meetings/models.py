"""A meeting of a lab or a challenge, and the people registered for it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import Base
from ..core.model_helpers import utcnow

if TYPE_CHECKING:
    from ..account.models import User
    from ..challenges.models import Challenge
    from ..labs.models import Lab
    from ..solutions.models import Solution


# The solutions a meeting's minutes say were discussed there.
meeting_solutions = Table(
    "meeting_solutions",
    Base.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("solution_id", ForeignKey("solutions.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("(lab_id IS NULL) <> (challenge_id IS NULL)", name="one_host"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("seats IS NULL OR seats >= 1", name="seats_positive"),
        Index("ix_meetings_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lab_id: Mapped[int | None] = mapped_column(ForeignKey("labs.id", ondelete="CASCADE"), index=True)
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]  # naive UTC, like every stored time
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    seats: Mapped[int | None] = mapped_column()  # None: no limit
    body: Mapped[str] = mapped_column(Text, default="")
    registration: Mapped[bool] = mapped_column(Boolean, default=True)  # people register on the platform
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    minutes: Mapped[str] = mapped_column(Text, default="", server_default="")  # Markdown, once the meeting is over
    minutes_html: Mapped[str] = mapped_column(Text, default="", server_default="")  # rendered and cleaned once
    minutes_at: Mapped[datetime | None]  # when the minutes were last written

    lab: Mapped[Lab | None] = relationship(lazy="joined")
    challenge: Mapped[Challenge | None] = relationship(lazy="joined")
    # Every one, visible or not: pages show the visible ones (minutes.discussed_solutions).
    solutions: Mapped[list[Solution]] = relationship(secondary=meeting_solutions, order_by="Solution.id")


class MeetingRegistration(Base):
    """One person's place at a meeting: a seat, or a place on the waiting list (ordered by id)."""

    __tablename__ = "meeting_registrations"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)  # one place per person

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    waiting: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reminded_at: Mapped[datetime | None]  # the reminder of the day before went out (to the outbox) then

    user: Mapped[User] = relationship(lazy="joined")
    meeting: Mapped[Meeting] = relationship()
