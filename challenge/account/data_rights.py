"""Erasing a person's data in a way that keeps counts and rankings intact; `personal_data` exports it."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, update

from ..attachments.service import delete_unused_objects, forget_uploads_of
from ..coauthors.service import leave_every_solution
from ..core.errors import ServiceError
from ..core.extensions import db
from ..meetings.service import give_up_places
from ..models import (
    Appeal,
    Attachment,
    AuditEntry,
    AuthSession,
    Award,
    Challenge,
    ChallengeMessage,
    CoauthorInvitation,
    Comment,
    CommentVote,
    ContentPageVersion,
    EmailDigest,
    EmailPreference,
    Evaluator,
    Flag,
    Follow,
    Invitation,
    LegalVersion,
    Meeting,
    MeetingRegistration,
    ModerationAction,
    Notification,
    OfficialResponse,
    OfficialResponseRevision,
    OutboxEmail,
    Participant,
    Solution,
    SolutionCoauthor,
    SolutionFollow,
    SolutionVote,
    User,
    UserFlag,
    utcnow,
)
from . import password_checks
from .service import confirms_password, keep_a_usable_admin

# Every column that points at a person, and what erasure does with its rows. A new one must be
# put in one of the two (tests/account/test_data_rights.py fails until it is) and in personal_data.export.
ERASED_WITH_THE_PERSON = (
    AuthSession.user_id,
    Follow.user_id,
    SolutionFollow.user_id,
    Notification.user_id,
    EmailPreference.user_id,
    EmailDigest.user_id,
    Invitation.accepted_by_id,  # it holds the person's address
    Evaluator.user_id,  # it holds the address; the person's scores and notes go with it
    Participant.user_id,  # it holds the address: the person no longer takes part in invited challenges
    MeetingRegistration.user_id,  # seats at meetings still to come go to the people waiting first
    SolutionCoauthor.user_id,  # the solutions stay with their other authors (coauthors.leave_every_solution)
    CoauthorInvitation.answered_by_id,  # it holds the person's address
)
KEPT_AS_DELETED_USER = (  # contributions, votes, flags and logs stay, signed «Utente cancellato»
    Solution.author_id,
    Comment.author_id,
    SolutionVote.user_id,
    CommentVote.user_id,
    Flag.reporter_id,
    Challenge.created_by_id,
    OfficialResponse.author_id,
    OfficialResponseRevision.author_id,
    ModerationAction.actor_id,
    ModerationAction.target_user_id,
    AuditEntry.actor_id,  # what an admin or moderator did stays accountable
    Invitation.invited_by_id,
    LegalVersion.published_by_id,  # who put a version of the terms in force stays accountable
    ContentPageVersion.saved_by_id,  # so does who wrote a version of a content page
    Award.created_by_id,  # who chose a winner stays accountable
    Appeal.appellant_id,  # an appeal and its outcome stay part of the moderation record
    Appeal.decided_by_id,
    UserFlag.reporter_id,
    UserFlag.user_id,
    Attachment.uploaded_by_id,  # a challenge's files stay with it; those added to solutions are removed
    ChallengeMessage.author_id,  # what a challenge's staff wrote to its participants stays on record
    Participant.invited_by_id,  # who invited an address stays accountable
    Meeting.created_by_id,  # a meeting belongs to its lab or challenge
    CoauthorInvitation.invited_by_id,  # an invitation sent to someone else holds their address, not this one
)
# What erasure writes over each column of the account; the other columns are no one's data.
ERASED_PROFILE: dict[str, Any] = {
    "email": None,
    "name": "",
    "password_hash": "!",  # matches no password
    "role": "citizen",
    "administration_id": None,
    "suspended_at": None,
    "suspended_until": None,
    "suspension_reason": None,
    "email_verified_at": None,
    "pending_email": None,
    "kind": "person",
    "organisation_name": None,
    "language": None,
    "profile_public": False,
    "terms_version": None,
    "terms_accepted_at": None,
    "privacy_version": None,
    "privacy_accepted_at": None,
    "spid_fiscal_hash": None,
    "spid_provider": None,
    "spid_linked_at": None,
}
KEPT_PROFILE = ("id", "vote_balance", "created_at", "deleted_at")


class DataRightsError(ServiceError):
    """The request about one's own data was refused."""


def delete_account(user: User, password: str) -> None:
    """Erase every trace of the person; contributions stay as 'Utente cancellato', votes and counts intact."""
    email = user.email
    if email is None or not confirms_password(user, password):
        raise DataRightsError(_("La password non è corretta."), field="password")
    keep_a_usable_admin(user, field="password")
    give_up_places(user)
    leave_every_solution(user)
    for column in ERASED_WITH_THE_PERSON:
        db.session.execute(delete(column.class_).where(column == user.id))
    # Queued mail is never sent to the erased address, and sent mail keeps no trace of it.
    db.session.execute(delete(OutboxEmail).where(OutboxEmail.recipient == email))
    db.session.execute(delete(Participant).where(Participant.email == email))  # an invitation not yet accepted
    db.session.execute(delete(Invitation).where(Invitation.email == email))  # the address goes with the person
    db.session.execute(delete(CoauthorInvitation).where(CoauthorInvitation.email == email))
    db.session.execute(delete(Evaluator).where(Evaluator.email == email))  # a juror's invitation not yet accepted
    # Another account may have asked for the address (a change never confirmed): it is forgotten too.
    db.session.execute(update(User).where(User.pending_email == email).values(pending_email=None))
    password_checks.forget(email)
    files = forget_uploads_of(user)
    for name, value in ERASED_PROFILE.items():
        setattr(user, name, value)
    user.deleted_at = utcnow()
    db.session.commit()
    delete_unused_objects(files)  # after the commit: no row may point at bytes already gone
