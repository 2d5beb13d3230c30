"""Challenges published by administrations, and who follows them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, and_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..administrations.models import Administration
from ..core.extensions import Base, db
from ..core.model_helpers import utcnow
from ..core.reference_models import Sdg, Theme
from ..labs.models import Lab
from ..text.clock import midnight_after

if TYPE_CHECKING:
    from ..account.models import User
    from ..core.audit_models import Invitation

CHALLENGE_STATUSES = ("draft", "open", "evaluation", "closed")
# Who sees a challenge: everyone, its invited participants (with its staff), or its administration's staff only.
VISIBILITIES = ("public", "invited", "internal")
# Pre-moderation: which new contributions wait for a moderator before they appear.
PREMODERATION_MODES = ("none", "solutions", "all")

challenge_sdgs = Table(
    "challenge_sdgs",
    db.metadata,
    Column("challenge_id", ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True),
    Column("sdg_number", ForeignKey("sdgs.number"), primary_key=True, index=True),
)


class Challenge(Base):
    __tablename__ = "challenges"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'open', 'evaluation', 'closed')", name="status_known"),
        Index("ix_challenges_status_created_at", "status", "created_at"),
        CheckConstraint("premoderation IN ('none', 'solutions', 'all')", name="premoderation_known"),
        CheckConstraint("visibility IN ('public', 'invited', 'internal')", name="visibility_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)  # rendered and sanitised at write time
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"), index=True)
    lab_id: Mapped[int | None] = mapped_column(ForeignKey("labs.id"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(2), index=True)
    deadline: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    solution_count: Mapped[int] = mapped_column(default=0)  # visible solutions, kept by services
    comment_count: Mapped[int] = mapped_column(default=0)  # visible comments on visible solutions
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    premoderation: Mapped[str] = mapped_column(String(16), default="none", server_default="none")
    # The share (0 to 50 %, checked by services.evaluation) of the popular vote in the weighted score.
    popular_weight: Mapped[int] = mapped_column(default=0, server_default="0")
    visibility: Mapped[str] = mapped_column(String(16), default="public", server_default="public")

    administration: Mapped[Administration] = relationship()
    lab: Mapped[Lab | None] = relationship()
    theme: Mapped[Theme] = relationship()
    sdgs: Mapped[list[Sdg]] = relationship(secondary=challenge_sdgs, order_by=Sdg.number)
    created_by: Mapped[User | None] = relationship()

    @hybrid_property
    def is_public(self) -> bool:
        """Everyone may see the challenge: public, in any status but draft. Also a SQL expression."""
        return self.status != "draft" and self.visibility == "public"

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls):
        return and_(cls.status != "draft", cls.visibility == "public")

    def accepts_solutions(self, today: date) -> bool:
        """Solutions are accepted while open and until the deadline day included."""
        return self.status == "open" and today <= self.deadline

    def solutions_close_at(self, today: date) -> datetime | None:
        """When accepts_solutions turns false by itself (its deadline ends), or None if only a write changes it."""
        return midnight_after(self.deadline) if self.accepts_solutions(today) else None

    @property
    def accepts_discussion(self) -> bool:
        """Votes and comments are accepted while open or under evaluation."""
        return self.status in ("open", "evaluation")

    @property
    def is_read_only(self) -> bool:
        """Once closed, nothing on the challenge changes any more (PRODUCT.md)."""
        return self.status == "closed"

    def __repr__(self) -> str:
        return f"<Challenge {self.slug}>"


class Follow(Base):
    __tablename__ = "follows"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Participant(Base):
    """An address invited to take part in an `invited` challenge, and the account that accepted.

    The row exists from the invitation; `user_id` and `accepted_at` are set when the invited
    address accepts through its link, and only then does the account see the challenge."""

    __tablename__ = "challenge_participants"
    __table_args__ = (UniqueConstraint("challenge_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]
    # The link sent to the address (SET NULL: an invitation row never outlives its use for long).
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id", ondelete="SET NULL"), index=True)
    # Re-sending gives the invitation a new link and a new validity; the rate limit reads these.
    resend_count: Mapped[int] = mapped_column(default=0, server_default="0")
    resent_at: Mapped[datetime | None]

    invitation: Mapped[Invitation | None] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def has_accepted(self) -> bool:
        return self.accepted_at is not None
