"""Accounts and their server-side sign-in sessions."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from ..extensions import Base
from .administration import Administration
from .common import utcnow

ROLES = ("citizen", "staff", "moderator", "admin")


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('citizen', 'staff', 'moderator', 'admin')", name="role_known"),
        # Emails are stored lower-cased, so the unique constraint is case-insensitive.
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)  # None once deleted
    name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="citizen")
    administration_id: Mapped[int | None] = mapped_column(
        ForeignKey("administrations.id"), index=True
    )
    suspended_at: Mapped[datetime | None]
    suspended_until: Mapped[datetime | None]
    suspension_reason: Mapped[str | None] = mapped_column(String(500))
    deleted_at: Mapped[datetime | None]
    # Net votes received on visible solutions and comments, kept by services.voting.
    vote_balance: Mapped[int] = mapped_column(default=0, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    administration: Mapped[Administration | None] = relationship(back_populates="staff")
    auth_sessions: WriteOnlyMapped[AuthSession] = relationship(
        back_populates="user", passive_deletes=True
    )

    @property
    def display_name(self) -> str:
        """The name shown beside the person's contributions."""
        return _("Utente cancellato") if self.deleted_at else self.name

    @property
    def is_suspended(self) -> bool:
        """Whether a suspension is in force now."""
        if self.suspended_at is None:
            return False
        return self.suspended_until is None or self.suspended_until > utcnow()

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_moderator(self) -> bool:
        """Moderators and admins both work the moderation queue."""
        return self.role in ("moderator", "admin")

    def is_staff_of(self, administration_id: int | None) -> bool:
        """Whether this account speaks for the given administration."""
        return self.role == "staff" and administration_id is not None and (
            self.administration_id == administration_id
        )

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class AuthSession(Base):
    """One sign-in: the browser's cookie holds a random token whose hash is stored here."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    user: Mapped[User] = relationship(back_populates="auth_sessions")


class PasswordThrottle(Base):
    """Recent failed password checks for one email, known or not, keyed by an HMAC of it."""

    __tablename__ = "password_throttles"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failure_count: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    locked_until: Mapped[datetime | None]  # no password is checked for this email before then
