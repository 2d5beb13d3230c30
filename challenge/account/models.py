"""Accounts and their server-side sign-in sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from ..administrations.models import Administration
from ..core.extensions import Base
from ..core.model_helpers import utcnow

ROLES = ("citizen", "staff", "moderator", "admin")
# Who speaks through the account: a person, or a kind of organisation (named in organisation_name).
ACCOUNT_KINDS = {
    "person": _l("Persona"),
    "business": _l("Impresa"),
    "association": _l("Associazione"),
    "research": _l("Ente di ricerca o università"),
    "public_body": _l("Ente pubblico"),
    "other": _l("Altra organizzazione"),
}


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('citizen', 'staff', 'moderator', 'admin')", name="role_known"),
        # Emails are stored lower-cased, so the unique constraint is case-insensitive.
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint(
            "kind IN ('person', 'business', 'association', 'research', 'public_body', 'other')", name="kind_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)  # None once deleted
    name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="citizen")
    administration_id: Mapped[int | None] = mapped_column(ForeignKey("administrations.id"), index=True)
    suspended_at: Mapped[datetime | None]
    suspended_until: Mapped[datetime | None]
    suspension_reason: Mapped[str | None] = mapped_column(String(500))
    deleted_at: Mapped[datetime | None]
    # Net votes received on visible solutions and comments, kept by services.voting.
    vote_balance: Mapped[int] = mapped_column(default=0, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # None until the person opens the link sent to `email`; services.permissions reads it.
    email_verified_at: Mapped[datetime | None]
    # A new address waiting for its owner to open the link sent to it; `email` stays until then.
    pending_email: Mapped[str | None] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(16), default="person")
    organisation_name: Mapped[str | None] = mapped_column(String(120))
    language: Mapped[str | None] = mapped_column(String(5))  # of the interface and of emails; None: the site's
    profile_public: Mapped[bool] = mapped_column(default=True)
    # Which versions of the terms of use and of the privacy notice the person accepted, and when.
    terms_version: Mapped[str | None] = mapped_column(String(32))
    terms_accepted_at: Mapped[datetime | None]
    privacy_version: Mapped[str | None] = mapped_column(String(32))
    privacy_accepted_at: Mapped[datetime | None]
    # SPID/CIE: a keyed HMAC of the fiscal code (services.spid_accounts), never the code itself.
    spid_fiscal_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    spid_provider: Mapped[str | None] = mapped_column(String(8))  # "spid" or "cie", the last one used
    spid_linked_at: Mapped[datetime | None]

    # Loaded with the account: a staff member's contributions are shown under the administration's name.
    administration: Mapped[Administration | None] = relationship(back_populates="staff", lazy="joined")
    auth_sessions: WriteOnlyMapped[AuthSession] = relationship(back_populates="user", passive_deletes=True)

    @property
    def display_name(self) -> str:
        """The name shown beside the person's contributions."""
        return _("Utente cancellato") if self.deleted_at else self.name

    @property
    def badge_kind(self) -> str | None:
        """The organisation's kind shown as a badge beside the name; None for people and deleted accounts."""
        return None if self.kind == "person" or self.deleted_at else self.kind

    @property
    def organisation(self) -> str | None:
        """The organisation the account acts for (a kind other than a person, with its name); None otherwise."""
        if self.deleted_at is not None or self.kind == "person":
            return None
        return self.organisation_name or None

    @property
    def speaks_for(self) -> str | None:
        """Who acts through the account, named before the person: the administration its staff speak for,
        or the organisation of an account of another kind than a person; None for people speaking for
        themselves and for deleted accounts."""
        if self.deleted_at is not None:
            return None
        if self.role == "staff" and self.administration is not None:
            return self.administration.name
        return self.organisation

    @property
    def has_public_profile(self) -> bool:
        """Whether /users/<id> shows the account and names link to it."""
        return self.profile_public and self.deleted_at is None

    @property
    def is_verified(self) -> bool:
        """Whether the person has shown that the email address is theirs."""
        return self.email_verified_at is not None

    @property
    def has_password(self) -> bool:
        """False for accounts created by a SPID/CIE sign-in until their owner chooses a password."""
        return self.password_hash != "!"

    @property
    def is_spid_verified(self) -> bool:
        """Whether the account is linked to a SPID or CIE identity."""
        return self.spid_fiscal_hash is not None

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
        return self.role == "staff" and administration_id is not None and (self.administration_id == administration_id)

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


@dataclass(frozen=True)
class PersonRef:
    """What the person() macro needs of an account, as plain values that cached results can hold."""

    id: int
    display_name: str
    badge_kind: str | None
    has_public_profile: bool
    speaks_for: str | None = None

    @classmethod
    def of(cls, user: User) -> PersonRef:
        """The reference to show `user` by."""
        return cls(user.id, user.display_name, user.badge_kind, user.has_public_profile, user.speaks_for)


@dataclass(frozen=True)
class Byline:
    """Who a solution is by, as plain values cached lists can hold: its authors in order and, when it is
    presented as an organisation's, that organisation and its kind, which lead (the byline() macro)."""

    people: list[PersonRef]
    organisation: str | None = None
    organisation_kind: str | None = None
