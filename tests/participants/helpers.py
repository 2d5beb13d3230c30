"""What the participants' tests share: an invited challenge with its staff, and the links the outbox holds."""

from __future__ import annotations

import re

from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import OutboxEmail, Participant
from tests.factories import login, make_challenge, make_user

LINK = re.compile(r"http://localhost/invitations/\S+")


def staff_client(app, **challenge_fields):
    """A client signed in as the staff of a new open `invited` challenge; (client, slug)."""
    client = app.test_client()
    with app.app_context():
        challenge = make_challenge(**{"visibility": "invited", **challenge_fields})
        login(client, make_user(role="staff", administration=challenge.administration))
        return client, challenge.slug


def invite(client, slug: str, *emails: str):
    return client.post(f"/challenges/{slug}/participants", data={"emails": "\n".join(emails)})


def link_for(app, address: str) -> str:
    """The invitation link of the newest email to `address`, as a path."""
    with app.app_context():
        body = db.session.scalars(
            select(OutboxEmail.body).where(OutboxEmail.recipient == address).order_by(OutboxEmail.id.desc())
        ).first()
    return LINK.search(body).group(0).removeprefix("http://localhost")


def participants(app) -> list[tuple[str, int | None, bool]]:
    """(email, user id, accepted) of every participant row."""
    with app.app_context():
        rows = db.session.scalars(select(Participant).order_by(Participant.id))
        return [(p.email, p.user_id, p.accepted_at is not None) for p in rows]
