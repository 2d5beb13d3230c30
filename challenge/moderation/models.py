"""Flags raised by readers and the append-only log of moderation actions."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..account.models import User
from ..core.extensions import Base
from ..core.model_helpers import utcnow

FLAG_REASONS: dict[str, LazyString] = {
    "spam": _l("Spam o pubblicità"),
    "offensive": _l("Linguaggio offensivo o discriminatorio"),
    "personal_data": _l("Dati personali di terzi"),
    "off_topic": _l("Fuori tema"),
    "illegal": _l("Contenuto illecito"),
    "other": _l("Altro"),
}

MODERATION_ACTIONS: dict[str, LazyString] = {
    "hide": _l("Nascosto"),
    "auto_hide": _l("Nascosto automaticamente per segnalazioni"),
    "restore": _l("Ripristinato"),
    "dismiss": _l("Segnalazioni archiviate"),
    "suspend": _l("Account sospeso"),
    "reinstate": _l("Account riabilitato"),
    "approve": _l("Approvato e pubblicato"),
    "reject": _l("Rifiutato"),
    "approve_edit": _l("Modifica approvata e pubblicata"),
    "reject_edit": _l("Modifica rifiutata: resta la versione approvata"),
    "remove_file": _l("Allegato rimosso"),
    "appeal": _l("Ricorso presentato"),
    "uphold": _l("Ricorso respinto: decisione confermata"),
    "overturn": _l("Ricorso accolto: decisione annullata"),
    "merge": _l("Unita a una soluzione simile"),
}

# How long after a decision its appeal may be filed (six months).
APPEAL_WINDOW = timedelta(days=183)
# Decisions against a person's content or account: they carry a statement of reasons and can be appealed.
APPEALABLE_ACTIONS = ("hide", "auto_hide", "reject", "suspend", "merge")
APPEAL_STATUSES: dict[str, LazyString] = {
    "open": _l("In attesa di decisione"),
    "upheld": _l("Respinto: la decisione resta"),
    "overturned": _l("Accolto: la decisione è stata annullata"),
}

# A solution is feminine in Italian: the same actions, agreeing with it ("Soluzione nascosta").
SOLUTION_ACTIONS: dict[str, LazyString] = {
    "hide": _l("Nascosta"),
    "auto_hide": _l("Nascosta automaticamente per segnalazioni"),
    "restore": _l("Ripristinata"),
}

_ONE_ITEM = "(solution_id IS NULL) <> (comment_id IS NULL)"


class Flag(Base):
    """A reader's report of a solution or a comment; one per reader and item."""

    __tablename__ = "flags"
    __table_args__ = (
        CheckConstraint(_ONE_ITEM, name="exactly_one_item"),
        CheckConstraint("status IN ('open', 'resolved', 'dismissed')", name="status_known"),
        UniqueConstraint("solution_id", "reporter_id", name="uq_flags_solution_reporter"),
        UniqueConstraint("comment_id", "reporter_id", name="uq_flags_comment_reporter"),
        Index("ix_flags_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    solution_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    reporter: Mapped[User] = relationship()

    @property
    def reason_label(self) -> LazyString:
        return FLAG_REASONS.get(self.reason, FLAG_REASONS["other"])


class ModerationAction(Base):
    """One line of the moderation log. Rows are only ever added, never changed."""

    __tablename__ = "moderation_actions"
    __table_args__ = (Index("ix_moderation_actions_created", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # None: the system
    action: Mapped[str] = mapped_column(String(16), index=True)
    solution_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    target_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    # The category of a decision's statement of reasons (a FLAG_REASONS key); "" for other actions.
    reason_code: Mapped[str] = mapped_column(String(32), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    target_user: Mapped[User | None] = relationship(foreign_keys=[target_user_id])

    @property
    def action_label(self) -> LazyString:
        if self.solution_id is not None and self.action in SOLUTION_ACTIONS:
            return SOLUTION_ACTIONS[self.action]
        return MODERATION_ACTIONS[self.action]

    @property
    def reason_label(self) -> LazyString | None:
        return FLAG_REASONS.get(self.reason_code) if self.reason_code else None

    @property
    def is_appealable_decision(self) -> bool:
        return self.action in APPEALABLE_ACTIONS

    @property
    def appeal_deadline(self) -> datetime:
        """The last moment an appeal against this decision is accepted."""
        return self.created_at + APPEAL_WINDOW


class Appeal(Base):
    """A person's internal complaint against one decision (once per decision), and its outcome."""

    __tablename__ = "appeals"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'upheld', 'overturned')", name="status_known"),
        Index("ix_appeals_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("moderation_actions.id"), unique=True)
    appellant_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    reply: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]

    decision: Mapped[ModerationAction] = relationship()
    appellant: Mapped[User] = relationship(foreign_keys=[appellant_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def status_label(self) -> LazyString:
        return APPEAL_STATUSES[self.status]


class UserFlag(Base):
    """A reader's report of a person (not of one item) to the moderators; one per reader and person."""

    __tablename__ = "user_flags"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'resolved', 'dismissed')", name="status_known"),
        UniqueConstraint("user_id", "reporter_id", name="uq_user_flags_user_reporter"),
        Index("ix_user_flags_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])

    @property
    def reason_label(self) -> LazyString:
        return FLAG_REASONS.get(self.reason, FLAG_REASONS["other"])
