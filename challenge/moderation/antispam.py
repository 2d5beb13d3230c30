"""Anti-spam rules shared by every kind of contribution (the per-account rate limits are in challenge/web/limits.py)."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.errors import ServiceError
from ..core.extensions import db
from ..models import Comment, Solution, User, utcnow


class RepeatedText(ServiceError):
    """The account just posted this same text."""


# The same text by the same account within this time is a repeat (a double submit, or a bot).
REPEAT_WINDOW = timedelta(minutes=1)


def refuse_repeat(user: User, body: str) -> None:
    """Refuse a text the account already posted, as a solution or a comment, within REPEAT_WINDOW."""
    # Lock the author's row first, so that parallel submits of one text queue up here and each
    # later one sees the row the first committed (PostgreSQL, READ COMMITTED). NO KEY UPDATE
    # leaves the foreign-key checks of other rows pointing at the account unblocked.
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update(key_share=True))
    since = utcnow() - REPEAT_WINDOW
    for model in (Comment, Solution):
        twin = select(model.id).where(model.author_id == user.id, model.body == body, model.created_at > since)
        if db.session.scalar(twin.limit(1)) is not None:
            raise RepeatedText(
                _("Hai appena pubblicato questo stesso testo: attendi un minuto prima di ripeterlo."), field="body"
            )
