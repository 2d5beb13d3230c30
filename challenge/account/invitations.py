"""Invitations: an admin (or a command) invites someone by email to be staff of an administration or moderator;
a challenge's staff invite jurors and, to an `invited` challenge, participants."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import LazyString, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ..core import audit
from ..core.email_addresses import INVALID_EMAIL, valid_email
from ..core.errors import ServiceError, commit_or_raise
from ..core.extensions import db
from ..core.permissions import require_admin
from ..models import (
    INVITATION_ROLES,
    JUROR_ROLE,
    PARTICIPANT_ROLE,
    Administration,
    Challenge,
    Evaluator,
    Invitation,
    Participant,
    User,
    utcnow,
)
from ..notifications import service as notifications
from ..notifications.mail import account_unsubscribe_url, language_of, render_email_in
from ..text.italian import with_preposition_text
from .service import AccountError, assign_role, create_user, find_by_email

VALIDITY = timedelta(days=7)
# A participant may be invited weeks before they have time to look: their link lasts longer.
PARTICIPANT_VALIDITY = timedelta(days=14)


def validity_of(role: str) -> timedelta:
    """How long an invitation's link works."""
    return PARTICIPANT_VALIDITY if role == PARTICIPANT_ROLE else VALIDITY


class InvitationError(ServiceError):
    """An invitation could not be created or accepted."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    token: str  # shown once: only its hash is stored
    emailed: bool


def _email_invitation(email: str, template: str, subject: object, **context) -> bool:
    """Queue an invitation in its reader's language: the account's, if the address has one."""
    existing = find_by_email(email)
    language = language_of(existing) if existing else current_app.config["BABEL_DEFAULT_LOCALE"]
    return notifications.queue_email(
        email,
        *render_email_in(language, template, subject, **context),
        unsubscribe_url=account_unsubscribe_url(existing, email),
    )


def _new_link(invitation: Invitation) -> str:
    """Give the invitation a new single-use token and a full validity (an earlier link stops working)."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.expires_at = utcnow() + validity_of(invitation.role)
    return token


def _record(actor: audit.Actor, invitation: Invitation, changes: dict) -> tuple[Invitation, str]:
    """Give the invitation its single-use token and validity, add it and log it; returns it with the token."""
    token = _new_link(invitation)
    invitation.invited_by_id = actor.id if isinstance(actor, User) else None
    db.session.add(invitation)
    db.session.flush()
    audit.record(
        actor,
        "invitation_create",
        "invitation",
        invitation.id,
        invitation.email,
        changes={"role": [None, invitation.role], **changes},
    )
    return invitation, token


def create_invitation(
    actor: audit.Actor, email: str, role: str, administration: Administration | None, link_for: Callable[[str], str]
) -> SentInvitation:
    """Record a single-use invitation valid for 7 days and email its link; `link_for(token)` is the link's full address."""
    require_admin(actor)
    address = valid_email(email)
    if address is None:
        raise InvitationError(str(INVALID_EMAIL), field="email")
    email = address
    if role not in INVITATION_ROLES:
        raise InvitationError(
            _("Si può invitare solo come personale di un'amministrazione o come moderatore."), field="role"
        )
    if role == "staff" and administration is None:
        raise InvitationError(_("Il personale deve essere collegato a un'amministrazione."), field="administration")
    existing = find_by_email(email)
    if existing is not None and existing.is_admin:
        raise InvitationError(_("Questo indirizzo appartiene già a un amministratore."), field="email")
    staff_of = administration if role == "staff" else None
    invitation, token = _record(
        actor,
        Invitation(email=email, role=role, administration=staff_of),
        {"administration": [None, staff_of.slug if staff_of else None]},
    )
    subject = (
        LazyString(_staff_subject, staff_of)  # worded in the email's language, when the email is rendered
        if staff_of is not None
        else _l("Un invito a far parte della squadra di moderazione")
    )
    emailed = _email_invitation(email, "invitation", subject, administration=staff_of, link=link_for(token))
    commit_or_raise(InvitationError(_("L'invito non è stato salvato: riprova.")))
    return SentInvitation(invitation, token, emailed)


def _staff_subject(administration: Administration) -> str:
    return _(
        "Un invito a far parte del personale %(of_administration)s",
        of_administration=with_preposition_text("di", administration),
    )


def create_juror_invitation(
    actor: User, email: str, challenge: Challenge, link_for: Callable[[str], str]
) -> SentInvitation:
    """Invite someone by email to evaluate one challenge, in the caller's transaction (services.evaluation
    checks that the actor manages the challenge, and commits)."""
    invitation, token = _record(
        actor,
        Invitation(email=email, role=JUROR_ROLE, challenge_id=challenge.id),
        {"challenge": [None, challenge.slug]},
    )
    emailed = _email_invitation(
        email,
        "juror_invitation",
        _l("Un invito nella giuria della sfida «%(title)s»", title=challenge.title),
        challenge_title=challenge.title,
        link=link_for(token),
    )
    return SentInvitation(invitation, token, emailed)


def _email_participant_invitation(invitation: Invitation, challenge: Challenge, link: str) -> bool:
    return _email_invitation(
        invitation.email,
        "participant_invitation",
        _l("Un invito a partecipare alla sfida «%(title)s»", title=challenge.title),
        challenge_title=challenge.title,
        administration=challenge.administration,
        days=PARTICIPANT_VALIDITY.days,
        link=link,
    )


def create_participant_invitation(
    actor: User, email: str, challenge: Challenge, link_for: Callable[[str], str]
) -> SentInvitation:
    """Invite an address to take part in one challenge, in the caller's transaction (services.participants
    checks that the actor manages the challenge, and commits)."""
    invitation, token = _record(
        actor,
        Invitation(email=email, role=PARTICIPANT_ROLE, challenge_id=challenge.id),
        {"challenge": [None, challenge.slug]},
    )
    return SentInvitation(invitation, token, _email_participant_invitation(invitation, challenge, link_for(token)))


def resend_participant_invitation(
    actor: User, invitation: Invitation, challenge: Challenge, link_for: Callable[[str], str]
) -> SentInvitation:
    """Email a participant's invitation again with a new link and a new validity, in the caller's transaction;
    the link sent before stops working."""
    token = _new_link(invitation)
    audit.record(actor, "invitation_resend", "invitation", invitation.id, invitation.email)
    return SentInvitation(invitation, token, _email_participant_invitation(invitation, challenge, link_for(token)))


def pending_invitations() -> list[Invitation]:
    """Invitations neither accepted nor expired, newest first."""
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.accepted_at.is_(None),
                Invitation.expires_at > utcnow(),
                Invitation.role.in_(INVITATION_ROLES),  # jurors' invitations belong to their challenge's page
            )
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )


def find_invitation(token: str) -> Invitation | None:
    """The invitation behind a link's token."""
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == _hash(token)))


def invitation_problem(invitation: Invitation) -> str | None:
    """Why the link no longer works ('used' or 'expired'), or None while it is valid."""
    if invitation.is_used:
        return "used"
    if invitation.is_expired(utcnow()):
        return "expired"
    return None


def accept_invitation(invitation: Invitation, user: User) -> User:
    """The invited person, signed in with the invited email, takes the role (an admin keeps theirs).

    The link was mailed to the address, so opening it proves the address is the person's.
    """
    if invitation_problem(invitation):
        raise InvitationError(_("Questo invito è scaduto o è già stato usato."))
    if user.email != invitation.email:
        raise InvitationError(_("Questo invito è per un altro indirizzo email: esci ed entra con quello."))
    if invitation.role == JUROR_ROLE:  # no role: the account becomes an evaluator of the challenge
        db.session.execute(update(Evaluator).where(Evaluator.invitation_id == invitation.id).values(user_id=user.id))
    elif invitation.role == PARTICIPANT_ROLE:  # no role either: the account sees and joins the challenge
        db.session.execute(
            update(Participant)
            .where(Participant.invitation_id == invitation.id)
            .values(user_id=user.id, accepted_at=utcnow())
        )
    elif not user.is_admin:
        assign_role(
            user, user, invitation.role, invitation.administration, reason=_("Invito n. %(id)d", id=invitation.id)
        )
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    user.email_verified_at = user.email_verified_at or invitation.accepted_at  # the link reached the address
    audit.record(user, "invitation_accept", "invitation", invitation.id, invitation.email)
    commit_or_raise(InvitationError(_("Questo invito è scaduto o è già stato usato.")))
    return user


def accept_with_new_account(invitation: Invitation, name: str, password: str, accepts_terms: bool) -> User:
    """Create the account of the invited email (the password rules apply) with the terms accepted, then accept."""
    if not accepts_terms:
        raise InvitationError(
            _("Per continuare accetta le condizioni d'uso e prendi visione dell'informativa sulla privacy."),
            field="accept_terms",
        )
    if invitation_problem(invitation):
        raise InvitationError(_("Questo invito è scaduto o è già stato usato."))
    if find_by_email(invitation.email) is not None:
        raise InvitationError(_("Esiste già un account con questo indirizzo: accedi per accettare l'invito."))
    try:
        # The language the page was read in: the account's later emails come in it too.
        user = create_user(invitation.email, name, password, language=str(get_locale()), has_accepted_terms=True)
    except AccountError as error:
        raise InvitationError(error.message, field=error.field) from None
    return accept_invitation(invitation, user)
