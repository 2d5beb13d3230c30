"""Invite participants to a challenge by email, list them with their status, send again, remove."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from ..account.invitations import create_participant_invitation, resend_participant_invitation
from ..core import audit
from ..core.email_addresses import INVALID_EMAIL, valid_email
from ..core.errors import PermissionDenied, ServiceError, commit_or_raise
from ..core.extensions import db
from ..core.permissions import can_manage
from ..models import Challenge, Participant, User, utcnow

DAY = timedelta(days=1)
STATUSES = {"invited": _l("invitata"), "accepted": _l("accettata"), "expired": _l("scaduta")}
LinkFor = Callable[[str], str]


class ParticipantError(ServiceError):
    """Participants could not be invited, reminded or removed."""


def refuse_unless_manager(user: User, challenge: Challenge) -> None:
    """Only the challenge's staff and admins invite, see and remove its participants."""
    if not can_manage(user, challenge):
        raise PermissionDenied(
            _("Solo il personale dell'amministrazione che ha lanciato la sfida gestisce i suoi partecipanti.")
        )


def status_of(participant: Participant, now: datetime) -> str:
    """'accepted', 'expired' (the link no longer works) or 'invited'."""
    if participant.has_accepted:
        return "accepted"
    invitation = participant.invitation
    return "expired" if invitation is None or invitation.is_expired(now) else "invited"


@dataclass(frozen=True)
class ParticipantRow:
    participant: Participant
    status: str  # a key of STATUSES


def participants_of(challenge: Challenge) -> list[ParticipantRow]:
    """The challenge's invited addresses, newest first, with their status."""
    now = utcnow()
    rows = db.session.scalars(
        select(Participant)
        .options(joinedload(Participant.invitation), joinedload(Participant.invited_by))
        .where(Participant.challenge_id == challenge.id)
        .order_by(Participant.invited_at.desc(), Participant.id.desc())
    )
    return [ParticipantRow(participant, status_of(participant, now)) for participant in rows]


def invitations_left(challenge: Challenge) -> int:
    """How many more addresses the challenge may write to today (PARTICIPANT_INVITATIONS_PER_DAY):
    an address invited or reminded in the last 24 hours counts once."""
    since = utcnow() - DAY
    recent = db.session.scalar(
        select(func.count())
        .select_from(Participant)
        .where(
            Participant.challenge_id == challenge.id,
            or_(Participant.invited_at > since, Participant.resent_at > since),
        )
    )
    return max(int(current_app.config["PARTICIPANT_INVITATIONS_PER_DAY"]) - (recent or 0), 0)


def inviting_refusal(challenge: Challenge) -> str | None:
    """Why nobody can be invited to the challenge now (a draft, or reserved to its staff), or None."""
    if challenge.status == "draft":
        return _("Apri la sfida prima di invitare: chi accetta l'invito deve poterla vedere subito.")
    if challenge.visibility == "internal":
        return _("La sfida è riservata al personale dell'amministrazione: non si invitano partecipanti.")
    return None


def _refuse_inviting(challenge: Challenge) -> None:
    if (reason := inviting_refusal(challenge)) is not None:
        raise ParticipantError(reason, field="emails")


def _quota_error(left: int) -> ParticipantError:
    return ParticipantError(
        ngettext(
            "Oggi si può scrivere ancora a %(num)d indirizzo per questa sfida: riduci l'elenco o riprova domani.",
            "Oggi si può scrivere ancora a %(num)d indirizzi per questa sfida: riduci l'elenco o riprova domani.",
            left,
        ),
        field="emails",
    )


@dataclass(frozen=True)
class InvitationReport:
    invited: list[str]
    repeated: list[str]  # written more than once in the list: invited once
    already_invited: list[str]  # skipped: invited before (the list offers to send again)


def invite_participants(actor: User, challenge: Challenge, addresses: list[str], link_for: LinkFor) -> InvitationReport:
    """Invite every new address by email (in its owner's language, if it has an account); nobody when one is invalid."""
    refuse_unless_manager(actor, challenge)
    _refuse_inviting(challenge)
    normalised = [valid for address in addresses if (valid := valid_email(address))]
    if len(normalised) != len(addresses):
        raise ParticipantError(str(INVALID_EMAIL), field="emails")
    unique = list(dict.fromkeys(normalised))
    repeated = list(dict.fromkeys(a for i, a in enumerate(normalised) if a in normalised[:i]))
    known = set(
        db.session.scalars(
            select(Participant.email).where(Participant.challenge_id == challenge.id, Participant.email.in_(unique))
        )
    )
    new = [address for address in unique if address not in known]
    if len(new) > (left := invitations_left(challenge)):
        raise _quota_error(left)
    for address in new:
        sent = create_participant_invitation(actor, address, challenge, link_for)
        db.session.add(
            Participant(challenge_id=challenge.id, email=address, invited_by_id=actor.id, invitation=sent.invitation)
        )
    commit_or_raise(ParticipantError(_("Gli inviti non sono stati salvati: riprova."), field="emails"))
    return InvitationReport(new, repeated, [address for address in unique if address in known])


def next_resend_at(participant: Participant) -> datetime:
    """When the invitation may be sent again (PARTICIPANT_RESEND_MINUTES after the last time)."""
    minutes = int(current_app.config["PARTICIPANT_RESEND_MINUTES"])
    return (participant.resent_at or participant.invited_at) + timedelta(minutes=minutes)


def resend_invitation(actor: User, challenge: Challenge, participant: Participant, link_for: LinkFor) -> None:
    """Email the invitation again with a new link valid for its full time; the link sent before stops working."""
    refuse_unless_manager(actor, challenge)
    _refuse_inviting(challenge)
    if participant.has_accepted:
        raise ParticipantError(_("%(email)s ha già accettato l'invito.", email=participant.email))
    wait = next_resend_at(participant) - utcnow()
    if wait > timedelta(0):
        minutes = int(wait.total_seconds() // 60) + 1
        raise ParticipantError(
            ngettext(
                "L'invito a %(email)s è partito da poco: puoi mandarlo di nuovo tra %(num)d minuto.",
                "L'invito a %(email)s è partito da poco: puoi mandarlo di nuovo tra %(num)d minuti.",
                minutes,
                email=participant.email,
            )
        )
    if invitations_left(challenge) == 0:
        raise _quota_error(0)
    if participant.invitation is None:  # the link was used up elsewhere or its row erased: a new one
        participant.invitation = create_participant_invitation(actor, participant.email, challenge, link_for).invitation
    else:
        resend_participant_invitation(actor, participant.invitation, challenge, link_for)
    participant.resend_count += 1
    participant.resent_at = utcnow()
    db.session.commit()


def remove_participant(actor: User, challenge: Challenge, participant: Participant) -> None:
    """Take the address off the challenge: its link stops working and its account no longer sees the challenge."""
    refuse_unless_manager(actor, challenge)
    invitation = participant.invitation
    db.session.delete(participant)
    if invitation is not None and not invitation.is_used:
        db.session.delete(invitation)
    audit.record(
        actor,
        "participant_remove",
        "challenge",
        challenge.id,
        challenge.title,
        changes={"participant": [participant.email, None]},
    )
    db.session.commit()


def personal_data(user: User) -> dict[str, Any]:
    """The person's invitations to challenges (to their address or accepted with their account), and the
    addresses they invited as staff."""

    def iso(value: datetime | None) -> str | None:
        return value.isoformat() + "Z" if value else None

    def rows(condition) -> list[dict[str, Any]]:
        found = db.session.execute(
            select(Participant, Challenge.slug)
            .join(Challenge, Challenge.id == Participant.challenge_id)
            .where(condition)
            .order_by(Participant.id)
        )
        return [
            {"challenge": slug, "email": p.email, "invited_at": iso(p.invited_at), "accepted_at": iso(p.accepted_at)}
            for p, slug in found
        ]

    return {
        "challenge_participations": rows(or_(Participant.user_id == user.id, Participant.email == user.email)),
        "participants_invited": rows(Participant.invited_by_id == user.id),
    }
