"""Each person's data: a complete export, and erasure that keeps counts and rankings intact."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update

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
    Comment,
    CommentRevision,
    CommentVote,
    ContentPageVersion,
    EmailDigest,
    EmailPreference,
    EvaluationCriterion,
    EvaluationNote,
    EvaluationScore,
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
    Solution,
    SolutionFollow,
    SolutionRevision,
    SolutionVote,
    User,
    UserFlag,
    utcnow,
)
from . import password_checks
from .service import confirms_password, keep_a_usable_admin

# Every column that points at a person, and what erasure does with its rows. A new one must be
# put in one of the two (tests/account/test_data_rights.py fails until it is) and in the export.
ERASED_WITH_THE_PERSON = (
    AuthSession.user_id,
    Follow.user_id,
    SolutionFollow.user_id,
    Notification.user_id,
    EmailPreference.user_id,
    EmailDigest.user_id,
    Invitation.accepted_by_id,  # it holds the person's address
    Evaluator.user_id,  # it holds the address; the person's scores and notes go with it
    MeetingRegistration.user_id,  # seats at meetings still to come go to the people waiting first
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
    Attachment.uploaded_by_id,  # a file stays with the solution or challenge it belongs to, as its text does
    ChallengeMessage.author_id,  # what a challenge's staff wrote to its participants stays on record
    Meeting.created_by_id,  # a meeting belongs to its lab or challenge
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


def _iso(value) -> str | None:
    return value.isoformat() + "Z" if value else None


def export(user: User) -> dict[str, Any]:
    """Everything the platform holds about the person, as JSON-ready data."""

    def rows(statement):
        return db.session.execute(statement).all()

    return {
        "profile": {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "administration": user.administration.slug if user.administration else None,
            "created_at": _iso(user.created_at),
            "suspended_until": _iso(user.suspended_until),
            "suspension_reason": user.suspension_reason,
            "email_verified_at": _iso(user.email_verified_at),
            "pending_email": user.pending_email,
            "kind": user.kind,
            "organisation_name": user.organisation_name,
            "language": user.language,
            "profile_public": user.profile_public,
            "terms": {"version": user.terms_version, "accepted_at": _iso(user.terms_accepted_at)},
            "privacy": {"version": user.privacy_version, "accepted_at": _iso(user.privacy_accepted_at)},
            # Whether and when a SPID/CIE identity was linked; its keyed hash is no one's readable data.
            "spid": {"provider": user.spid_provider, "linked_at": _iso(user.spid_linked_at)},
        },
        "solutions": [
            {
                "id": s.id,
                "challenge": slug,
                "title": s.title,
                "body": s.body,
                "status": s.status,
                "votes_up": s.votes_up,
                "votes_down": s.votes_down,
                "created_at": _iso(s.created_at),
                "updated_at": _iso(s.updated_at),
            }
            for s, slug in rows(
                select(Solution, Challenge.slug)
                .join(Challenge)
                .where(Solution.author_id == user.id)
                .order_by(Solution.id)
            )
        ],
        "comments": [
            {
                "id": c.id,
                "solution_id": c.solution_id,
                "parent_id": c.parent_id,
                "body": c.body,
                "status": c.status,
                "created_at": _iso(c.created_at),
            }
            for (c,) in rows(select(Comment).where(Comment.author_id == user.id).order_by(Comment.id))
        ],
        "votes": {
            "solutions": [
                {"solution_id": v.solution_id, "value": v.value, "at": _iso(v.updated_at)}
                for (v,) in rows(select(SolutionVote).where(SolutionVote.user_id == user.id))
            ],
            "comments": [
                {"comment_id": v.comment_id, "value": v.value, "at": _iso(v.updated_at)}
                for (v,) in rows(select(CommentVote).where(CommentVote.user_id == user.id))
            ],
        },
        "follows": [
            {"challenge": slug, "since": _iso(at)}
            for slug, at in rows(
                select(Challenge.slug, Follow.created_at)
                .join(Challenge, Challenge.id == Follow.challenge_id)
                .where(Follow.user_id == user.id)
            )
        ],
        "followed_solutions": [
            {"solution_id": solution_id, "since": _iso(at)}
            for solution_id, at in rows(
                select(SolutionFollow.solution_id, SolutionFollow.created_at).where(SolutionFollow.user_id == user.id)
            )
        ],
        "meeting_registrations": [
            {"meeting_id": r.meeting_id, "title": title, "waiting_list": r.waiting, "since": _iso(r.created_at)}
            for r, title in rows(
                select(MeetingRegistration, Meeting.title)
                .join(Meeting)
                .where(MeetingRegistration.user_id == user.id)
                .order_by(MeetingRegistration.id)
            )
        ],
        "meetings_created": [
            {"id": meeting_id, "title": title}
            for meeting_id, title in rows(select(Meeting.id, Meeting.title).where(Meeting.created_by_id == user.id))
        ],
        "notifications": [
            {
                "kind": n.kind,
                "title": n.title,
                "solution_id": n.solution_id,
                "comment_id": n.comment_id,
                "challenge_id": n.challenge_id,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for (n,) in rows(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
        ],
        "flags": [
            {
                "solution_id": f.solution_id,
                "comment_id": f.comment_id,
                "reason": f.reason,
                "detail": f.detail,
                "created_at": _iso(f.created_at),
            }
            for (f,) in rows(select(Flag).where(Flag.reporter_id == user.id).order_by(Flag.id))
        ],
        "people_reported": [
            {"reason": f.reason, "detail": f.detail, "status": f.status, "created_at": _iso(f.created_at)}
            for (f,) in rows(select(UserFlag).where(UserFlag.reporter_id == user.id).order_by(UserFlag.id))
        ],
        # Reports about the person: what and when, never who made them.
        "reports_about_me": [
            {"reason": f.reason, "detail": f.detail, "status": f.status, "created_at": _iso(f.created_at)}
            for (f,) in rows(select(UserFlag).where(UserFlag.user_id == user.id).order_by(UserFlag.id))
        ],
        "appeals": [
            {
                "decision_id": a.decision_id,
                "body": a.body,
                "status": a.status,
                "reply": a.reply,
                "created_at": _iso(a.created_at),
                "decided_at": _iso(a.decided_at),
            }
            for (a,) in rows(select(Appeal).where(Appeal.appellant_id == user.id).order_by(Appeal.id))
        ],
        "appeals_decided": [
            {"appeal_id": a.id, "status": a.status, "reply": a.reply, "decided_at": _iso(a.decided_at)}
            for (a,) in rows(select(Appeal).where(Appeal.decided_by_id == user.id).order_by(Appeal.id))
        ],
        # The choices that differ from each kind's default, e.g. {"comment": "daily"}.
        "email_notifications": [
            {"kind": kind, "frequency": frequency}
            for kind, frequency in db.session.execute(
                select(EmailPreference.kind, EmailPreference.frequency)
                .where(EmailPreference.user_id == user.id)
                .order_by(EmailPreference.kind)
            )
        ],
        "email_digests": [
            {"frequency": d.frequency, "period_start": d.period_start.isoformat(), "sent_at": _iso(d.created_at)}
            for (d,) in rows(select(EmailDigest).where(EmailDigest.user_id == user.id).order_by(EmailDigest.id))
        ],
        "sessions": [
            {"browser": s.user_agent, "created_at": _iso(s.created_at), "last_seen_at": _iso(s.last_seen_at)}
            for (s,) in rows(select(AuthSession).where(AuthSession.user_id == user.id))
        ],
        "solution_revisions": [
            {"solution_id": r.solution_id, "title": r.title, "body": r.body, "replaced_at": _iso(r.created_at)}
            for (r,) in rows(
                select(SolutionRevision)
                .join(Solution)
                .where(Solution.author_id == user.id)
                .order_by(SolutionRevision.id)
            )
        ],
        "comment_revisions": [
            {"comment_id": r.comment_id, "body": r.body, "replaced_at": _iso(r.created_at)}
            for (r,) in rows(
                select(CommentRevision).join(Comment).where(Comment.author_id == user.id).order_by(CommentRevision.id)
            )
        ],
        "challenges_created": [
            {"challenge": slug, "title": title}
            for slug, title in rows(
                select(Challenge.slug, Challenge.title).where(Challenge.created_by_id == user.id).order_by(Challenge.id)
            )
        ],
        "attachments": [
            {
                "id": a.id,
                "challenge_id": a.challenge_id,
                "solution_id": a.solution_id,
                "title": a.title,
                "alt": a.alt,
                "media_type": a.media_type,
                "bytes": a.byte_count,
                "original_filename": a.original_filename,
                "created_at": _iso(a.created_at),
            }
            for (a,) in rows(select(Attachment).where(Attachment.uploaded_by_id == user.id).order_by(Attachment.id))
        ],
        "official_responses": [
            {"solution_id": r.solution_id, "outcome": r.outcome, "body": r.body, "updated_at": _iso(r.updated_at)}
            for (r,) in rows(
                select(OfficialResponse).where(OfficialResponse.author_id == user.id).order_by(OfficialResponse.id)
            )
        ],
        "official_response_revisions": [
            {"response_id": r.response_id, "outcome": r.outcome, "body": r.body, "replaced_at": _iso(r.created_at)}
            for (r,) in rows(
                select(OfficialResponseRevision)
                .where(OfficialResponseRevision.author_id == user.id)
                .order_by(OfficialResponseRevision.id)
            )
        ],
        "moderation": [
            {
                "action": a.action,
                "by_me": a.actor_id == user.id,
                "about_me": a.target_user_id == user.id,
                "solution_id": a.solution_id,
                "comment_id": a.comment_id,
                "reason": a.reason,
                "created_at": _iso(a.created_at),
            }
            for (a,) in rows(
                select(ModerationAction)
                .where(or_(ModerationAction.actor_id == user.id, ModerationAction.target_user_id == user.id))
                .order_by(ModerationAction.id)
            )
        ],
        "evaluations": [
            {
                "challenge": slug,
                "scores": [
                    {"solution_id": solution_id, "criterion": name, "value": value}
                    for solution_id, name, value in rows(
                        select(EvaluationScore.solution_id, EvaluationCriterion.name, EvaluationScore.value)
                        .join(EvaluationCriterion, EvaluationCriterion.id == EvaluationScore.criterion_id)
                        .where(EvaluationScore.evaluator_id == evaluator_id)
                        .order_by(EvaluationScore.id)
                    )
                ],
                "notes": [
                    {"solution_id": solution_id, "body": body}
                    for solution_id, body in rows(
                        select(EvaluationNote.solution_id, EvaluationNote.body)
                        .where(EvaluationNote.evaluator_id == evaluator_id)
                        .order_by(EvaluationNote.id)
                    )
                ],
            }
            for evaluator_id, slug in rows(
                select(Evaluator.id, Challenge.slug)
                .join(Challenge, Challenge.id == Evaluator.challenge_id)
                .where(Evaluator.user_id == user.id)
                .order_by(Evaluator.id)
            )
        ],
        "awards_given": [
            {"solution_id": solution_id, "place": place, "motivation": motivation}
            for solution_id, place, motivation in rows(
                select(Award.solution_id, Award.place, Award.motivation)
                .where(Award.created_by_id == user.id)
                .order_by(Award.id)
            )
        ],
        "emails": [
            {"subject": m.subject, "body": m.body, "created_at": _iso(m.created_at), "sent_at": _iso(m.sent_at)}
            for (m,) in rows(select(OutboxEmail).where(OutboxEmail.recipient == user.email).order_by(OutboxEmail.id))
        ],
        "audit": [
            {
                "action": a.action,
                "target": a.target_label,
                "reason": a.reason,
                "changes": a.changes,
                "at": _iso(a.created_at),
            }
            for (a,) in rows(select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id))
        ],
        "invitations": [
            {
                "email": i.email,
                "role": i.role,
                "sent_by_me": i.invited_by_id == user.id,
                "accepted_by_me": i.accepted_by_id == user.id,
                "created_at": _iso(i.created_at),
                "accepted_at": _iso(i.accepted_at),
            }
            for (i,) in rows(
                select(Invitation)
                .where(
                    or_(
                        Invitation.invited_by_id == user.id,
                        Invitation.accepted_by_id == user.id,
                        Invitation.email == user.email,
                    )
                )
                .order_by(Invitation.id)
            )
        ],
        # Attachments (issue 29) go here: one record per file the person uploaded (id, item, title, file
        # name, type, size, date); data_export.export_zip then puts each file itself under attachments/.
        "legal_versions_published": [
            {"document": v.document, "version": v.version, "summary": v.summary, "published_at": _iso(v.published_at)}
            for (v,) in rows(
                select(LegalVersion).where(LegalVersion.published_by_id == user.id).order_by(LegalVersion.id)
            )
        ],
        "content_page_versions_saved": [
            {"page_id": v.page_id, "title": v.title, "saved_at": _iso(v.saved_at)}
            for (v,) in rows(
                select(ContentPageVersion)
                .where(ContentPageVersion.saved_by_id == user.id)
                .order_by(ContentPageVersion.id)
            )
        ],
        "challenge_messages_sent": [
            {"challenge_id": m.challenge_id, "subject": m.subject, "body": m.body, "sent_at": _iso(m.created_at)}
            for (m,) in rows(
                select(ChallengeMessage).where(ChallengeMessage.author_id == user.id).order_by(ChallengeMessage.id)
            )
        ],
    }


def delete_account(user: User, password: str) -> None:
    """Erase every trace of the person; contributions stay as 'Utente cancellato', votes and counts intact."""
    email = user.email
    if email is None or not confirms_password(user, password):
        raise DataRightsError(_("La password non è corretta."), field="password")
    keep_a_usable_admin(user, field="password")
    give_up_places(user)
    for column in ERASED_WITH_THE_PERSON:
        db.session.execute(delete(column.class_).where(column == user.id))
    # Queued mail is never sent to the erased address, and sent mail keeps no trace of it.
    db.session.execute(delete(OutboxEmail).where(OutboxEmail.recipient == email))
    db.session.execute(delete(Invitation).where(Invitation.email == email))  # the address goes with the person
    db.session.execute(delete(Evaluator).where(Evaluator.email == email))  # a juror's invitation not yet accepted
    # Another account may have asked for the address (a change never confirmed): it is forgotten too.
    db.session.execute(update(User).where(User.pending_email == email).values(pending_email=None))
    password_checks.forget(email)
    for name, value in ERASED_PROFILE.items():
        setattr(user, name, value)
    user.deleted_at = utcnow()
    db.session.commit()
