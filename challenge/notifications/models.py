"""In-app notifications, email preferences, and the outbox that mail is sent from."""

from __future__ import annotations

from datetime import datetime
from email.utils import make_msgid

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import Base
from ..core.model_helpers import utcnow
from ..moderation.models import ModerationAction

NOTIFICATION_KINDS: dict[str, LazyString] = {
    "comment": _l("Commenti e risposte sulle mie soluzioni"),
    "response": _l("Risposte ufficiali alle mie soluzioni"),
    "new_solution": _l("Nuove soluzioni sulle sfide che seguo"),
    "moderation": _l("Interventi della moderazione sui miei contenuti"),
    "award": _l("Premi assegnati alle mie soluzioni"),
    "results": _l("Esiti delle sfide che seguo"),
    "milestone": _l("Avanzamento delle soluzioni premiate o accolte"),
    "follow_comment": _l("Commenti sulle soluzioni che seguo"),
    "follow_response": _l("Risposte ufficiali alle soluzioni che seguo"),
    "follow_status": _l("Soluzioni che seguo ritirate, nascoste o di nuovo visibili"),
}


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(500))  # of the item concerned
    # What it is about: a solution, and the comment on it when there is one. Pages build the link.
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    # A moderation notice: the log line it reports (what was decided, when, why).
    action_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_actions.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    action: Mapped[ModerationAction | None] = relationship(lazy="selectin")

    @property
    def decision(self) -> ModerationAction | None:
        """The decision a moderation notice reports to its author, with its reasons; a follower's notice
        names its action only to say what happened."""
        return self.action if self.kind == "moderation" else None


class EmailPreference(Base):
    """An event kind the person wants by email; no row means no email."""

    __tablename__ = "email_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)


class OutboxEmail(Base):
    """A message written in the same transaction as its event, delivered after commit."""

    __tablename__ = "outbox_emails"
    __table_args__ = (Index("ix_outbox_emails_pending", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text, default="")  # the HTML alternative; "" sends text only
    # RFC 8058 one-click unsubscribe URL for notification email; "" for account email.
    unsubscribe_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(String(500), default="")
    # Sent unchanged on every attempt: delivery is at-least-once, and receivers drop a repeated Message-ID.
    message_id: Mapped[str] = mapped_column(String(255), default=lambda: make_msgid(), server_default="")
