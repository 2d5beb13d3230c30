"""The invited participants of the page catalogue's site (tests/pages.py)."""

from __future__ import annotations

from challenge.account.invitations import accept_invitation, create_participant_invitation
from challenge.core.extensions import db
from challenge.models import Participant
from challenge.participants.service import invite_participants


def _invite_one(staff, challenge, email: str):
    """The invitation of one address, with its participant row; (invitation, token)."""
    sent = create_participant_invitation(staff, email, challenge, lambda token: f"/invitations/{token}")
    db.session.add(
        Participant(challenge_id=challenge.id, email=email, invited_by_id=staff.id, invitation=sent.invitation)
    )
    db.session.commit()
    return sent.invitation, sent.token


def site_participants(staff, challenge, citizen) -> str:
    """Three addresses invited to the challenge, the citizen's accepted; the token of a pending one."""
    invitation, _token = _invite_one(staff, challenge, citizen.email)
    accept_invitation(invitation, citizen)
    invite_participants(
        staff, challenge, ["mario.bianchi@impresa-bolognese.example"], lambda token: f"/invitations/{token}"
    )
    return _invite_one(staff, challenge, "laura.neri@cooperativa-reno.example")[1]
