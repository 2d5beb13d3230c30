"""In-app notifications, email preferences, and the outbox that mail is sent from."""

from __future__ import annotations

from datetime import date, datetime
from email.utils import make_msgid

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import Base
from ..core.model_helpers import utcnow
from ..messages.models import ChallengeMessage
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
    "message": _l("Messaggi dello staff delle sfide a cui partecipo o che seguo"),
    "evaluation": _l("Inizio della valutazione delle sfide di cui valuto le soluzioni"),
    "meeting": _l("Incontri in cui ho un posto: il promemoria del giorno prima e i posti liberati per me"),
    "coauthor": _l("Inviti a diventare coautore di una soluzione"),
    "coauthor_decline": _l("Inviti a coautore che ho mandato e sono stati rifiutati"),
    "coauthor_removed": _l("Uscita dagli autori di una soluzione"),
    "access": _l("Sfide diventate riservate a cui non ho più accesso"),
}

# How often a kind of event is emailed; daily and weekly ones arrive together in one digest.
EMAIL_FREQUENCIES: dict[str, LazyString] = {
    "immediate": _l("Subito, un'email per ogni avviso"),
    "daily": _l("Un riepilogo al giorno"),
    "weekly": _l("Un riepilogo alla settimana"),
    "never": _l("Mai"),
}
DIGEST_FREQUENCIES = ("daily", "weekly")
# Official responses and awards concern the person's own work and are rare, a challenge's staff write
# seldom (a limit per challenge) to those who took part, and an evaluator must know their work can start:
# emailed unless the person says never.
# Co-authorship invitations carry the link that answers them; a removal changes who may act on one's work.
EMAILED_BY_DEFAULT = frozenset(
    {"response", "award", "message", "evaluation", "meeting", "coauthor", "coauthor_removed"}
)
# Email that is only worth anything on time: sent at once or not at all, never in a digest.
NEVER_IN_DIGESTS = frozenset({"meeting"})


def default_frequency(kind: str) -> str:
    """How often a kind is emailed to someone who has not chosen."""
    return "immediate" if kind in EMAILED_BY_DEFAULT else "never"


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_read", "user_id", "read_at", "created_at"),
        CheckConstraint("solution_id IS NOT NULL OR challenge_id IS NOT NULL", name="about_something"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(500))  # of the item concerned
    # What it is about: a solution, and the comment on it when there is one; or a whole challenge (its
    # evaluation starting, told to its evaluators). Pages build the link.
    solution_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    # A moderation notice: the log line it reports (what was decided, when, why).
    action_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_actions.id"), index=True)
    # A message from a challenge's staff, the one kind not about a solution.
    message_id: Mapped[int | None] = mapped_column(ForeignKey("challenge_messages.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    action: Mapped[ModerationAction | None] = relationship(lazy="selectin")
    message: Mapped[ChallengeMessage | None] = relationship(lazy="selectin")

    @property
    def decision(self) -> ModerationAction | None:
        """The decision a moderation notice reports to its author, with its reasons; a follower's notice
        names its action only to say what happened."""
        return self.action if self.kind == "moderation" else None


class EmailPreference(Base):
    """How often the person wants one kind of event by email; no row means the kind's default."""

    __tablename__ = "email_preferences"
    __table_args__ = (CheckConstraint("frequency IN ('immediate', 'daily', 'weekly', 'never')", name="frequency"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    frequency: Mapped[str] = mapped_column(String(9), default="immediate", server_default="immediate")


class EmailDigest(Base):
    """One digest sent: the unique key lets only one worker, once, compose a person's digest of a period."""

    __tablename__ = "email_digests"
    __table_args__ = (UniqueConstraint("user_id", "frequency", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    frequency: Mapped[str] = mapped_column(String(9))
    period_start: Mapped[date]  # the first day it covers, Rome time
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


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
