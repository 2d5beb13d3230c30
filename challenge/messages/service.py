"""Messages from a challenge's staff to the people who took part in it or follow it."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import CompoundSelect, Select, func, select, union

from ..core import audit
from ..core.errors import PermissionDenied, ServiceError
from ..core.extensions import db
from ..core.permissions import can_manage
from ..core.visibility import people_who_see
from ..models import (
    Challenge,
    ChallengeMessage,
    Comment,
    Follow,
    Solution,
    SolutionCoauthor,
    SolutionVote,
    User,
    utcnow,
)
from ..notifications import service as notifications

WINDOW = timedelta(days=7)


class MessageError(ServiceError):
    """A message could not be sent."""


def participants(challenge_id: int) -> CompoundSelect:
    """Ids of who a challenge message reaches: authors of its solutions, commenters and voters on them, followers."""
    on_challenge = Solution.challenge_id == challenge_id
    return union(
        select(Solution.author_id).where(on_challenge),
        select(SolutionCoauthor.user_id)
        .join(Solution, SolutionCoauthor.solution_id == Solution.id)
        .where(on_challenge),
        select(Comment.author_id).join(Solution, Comment.solution_id == Solution.id).where(on_challenge),
        select(SolutionVote.user_id).join(Solution, SolutionVote.solution_id == Solution.id).where(on_challenge),
        select(Follow.user_id).where(Follow.challenge_id == challenge_id),
    )


def recipients(challenge: Challenge, sender: User) -> Select:
    """Ids of the people a message from `sender` would reach: participants with an account, but not the sender."""
    return select(User.id).where(
        User.id.in_(participants(challenge.id)),
        User.deleted_at.is_(None),
        User.id != sender.id,
        people_who_see(challenge),
    )


def recipient_count(challenge: Challenge, sender: User) -> int:
    """How many people a message would reach now."""
    return db.session.scalar(select(func.count()).select_from(recipients(challenge, sender).subquery())) or 0


def messages_left(challenge: Challenge) -> int:
    """How many more messages the challenge may send in the current window (the setting CHALLENGE_MESSAGES_PER_WEEK)."""
    recent = db.session.scalar(
        select(func.count())
        .select_from(ChallengeMessage)
        .where(ChallengeMessage.challenge_id == challenge.id, ChallengeMessage.created_at > utcnow() - WINDOW)
    )
    return max(int(current_app.config["CHALLENGE_MESSAGES_PER_WEEK"]) - (recent or 0), 0)


def sent_messages(challenge: Challenge) -> list[ChallengeMessage]:
    """The challenge's messages, newest first."""
    return list(
        db.session.scalars(
            select(ChallengeMessage)
            .where(ChallengeMessage.challenge_id == challenge.id)
            .order_by(ChallengeMessage.created_at.desc(), ChallengeMessage.id.desc())
        )
    )


def send_message(sender: User, challenge: Challenge, subject: str, body: str) -> ChallengeMessage:
    """Write to the challenge's participants and followers, in the app and by email; logged in the audit log."""
    if not can_manage(sender, challenge):
        raise PermissionDenied(
            _("Solo il personale dell'amministrazione che ha lanciato la sfida può scrivere ai partecipanti.")
        )
    if messages_left(challenge) == 0:
        limit = int(current_app.config["CHALLENGE_MESSAGES_PER_WEEK"])
        raise MessageError(
            ngettext(
                "Questa sfida ha già inviato %(num)d messaggio negli ultimi 7 giorni: è il massimo, riprova più avanti.",
                "Questa sfida ha già inviato %(num)d messaggi negli ultimi 7 giorni: è il massimo, riprova più avanti.",
                limit,
            ),
            field="subject",
        )
    message = ChallengeMessage(
        challenge_id=challenge.id, author_id=sender.id, subject=subject.strip(), body=body.strip()
    )
    db.session.add(message)
    db.session.flush()
    message.recipient_count = notifications.notify_message(message, recipients(challenge, sender))
    audit.record(
        sender,
        "challenge_message",
        "challenge",
        challenge.id,
        challenge.title,
        changes={"subject": [None, message.subject], "recipients": [None, message.recipient_count]},
    )
    db.session.commit()
    return message
