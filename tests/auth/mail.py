"""Reading the links that account emails put in the outbox."""

from __future__ import annotations

import re

from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import OutboxEmail


def outbox(app) -> list[OutboxEmail]:
    """Every queued message, oldest first."""
    with app.app_context():
        messages = list(db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))
        db.session.expunge_all()
        return messages


def link_in(message: OutboxEmail, path: str) -> str:
    """The path of the first link in the message whose path starts with `path`."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path) + r"[^\s<\"]+)", message.body)
    assert match, message.body
    return match.group(1)
