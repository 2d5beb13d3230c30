"""All a person's data as one JSON document (`data_export` zips it); a column added here goes in `data_rights` too."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from ..coauthors.service import personal_data as coauthor_data
from ..core.extensions import db
from ..evaluation.personal_data import personal_data as jury_data
from ..meetings.service import personal_data as meeting_data
from ..models import (
    Appeal,
    Attachment,
    AuditEntry,
    AuthSession,
    Challenge,
    ChallengeMessage,
    Comment,
    CommentRevision,
    CommentVote,
    ContentPageVersion,
    EmailDigest,
    EmailPreference,
    Flag,
    Follow,
    Invitation,
    LegalVersion,
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
)
from ..participants.service import personal_data as participant_data


def _iso(value) -> str | None:
    return value.isoformat() + "Z" if value else None


def _rows(statement):
    return db.session.execute(statement).all()


def export(user: User) -> dict[str, Any]:
    """Everything the platform holds about the person, as JSON-ready data, in the order of the sections below."""
    return {
        "profile": _profile(user),
        **_participation(user),
        **coauthor_data(user),
        **meeting_data(user),
        **participant_data(user),
        **_reports_and_appeals(user),
        **_settings_and_sessions(user),
        **_authored_records(user),
        **_decisions(user),
        **jury_data(user),
        **_mail_and_staff_records(user),
    }


def _profile(user: User) -> dict[str, Any]:
    return {
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
    }


def _participation(user: User) -> dict[str, Any]:
    """What the person wrote, voted and followed, and what they were told."""
    return {
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
            for s, slug in _rows(
                select(Solution, Challenge.slug)
                .join(Challenge)
                .where(Solution.authored_by(user.id))
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
            for (c,) in _rows(select(Comment).where(Comment.author_id == user.id).order_by(Comment.id))
        ],
        "votes": {
            "solutions": [
                {"solution_id": v.solution_id, "value": v.value, "at": _iso(v.updated_at)}
                for (v,) in _rows(select(SolutionVote).where(SolutionVote.user_id == user.id))
            ],
            "comments": [
                {"comment_id": v.comment_id, "value": v.value, "at": _iso(v.updated_at)}
                for (v,) in _rows(select(CommentVote).where(CommentVote.user_id == user.id))
            ],
        },
        "follows": [
            {"challenge": slug, "since": _iso(at)}
            for slug, at in _rows(
                select(Challenge.slug, Follow.created_at)
                .join(Challenge, Challenge.id == Follow.challenge_id)
                .where(Follow.user_id == user.id)
            )
        ],
        "followed_solutions": [
            {"solution_id": solution_id, "since": _iso(at)}
            for solution_id, at in _rows(
                select(SolutionFollow.solution_id, SolutionFollow.created_at).where(SolutionFollow.user_id == user.id)
            )
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
            for (n,) in _rows(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
        ],
    }


def _reports_and_appeals(user: User) -> dict[str, Any]:
    """The reports the person made or that were made about them, and the appeals."""
    return {
        "flags": [
            {
                "solution_id": f.solution_id,
                "comment_id": f.comment_id,
                "reason": f.reason,
                "detail": f.detail,
                "created_at": _iso(f.created_at),
            }
            for (f,) in _rows(select(Flag).where(Flag.reporter_id == user.id).order_by(Flag.id))
        ],
        "people_reported": [
            {"reason": f.reason, "detail": f.detail, "status": f.status, "created_at": _iso(f.created_at)}
            for (f,) in _rows(select(UserFlag).where(UserFlag.reporter_id == user.id).order_by(UserFlag.id))
        ],
        # Reports about the person: what and when, never who made them.
        "reports_about_me": [
            {"reason": f.reason, "detail": f.detail, "status": f.status, "created_at": _iso(f.created_at)}
            for (f,) in _rows(select(UserFlag).where(UserFlag.user_id == user.id).order_by(UserFlag.id))
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
            for (a,) in _rows(select(Appeal).where(Appeal.appellant_id == user.id).order_by(Appeal.id))
        ],
        "appeals_decided": [
            {"appeal_id": a.id, "status": a.status, "reply": a.reply, "decided_at": _iso(a.decided_at)}
            for (a,) in _rows(select(Appeal).where(Appeal.decided_by_id == user.id).order_by(Appeal.id))
        ],
    }


def _settings_and_sessions(user: User) -> dict[str, Any]:
    """How the person chose to be emailed, the digests sent, and their sessions."""
    return {
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
            for (d,) in _rows(select(EmailDigest).where(EmailDigest.user_id == user.id).order_by(EmailDigest.id))
        ],
        "sessions": [
            {"browser": s.user_agent, "created_at": _iso(s.created_at), "last_seen_at": _iso(s.last_seen_at)}
            for (s,) in _rows(select(AuthSession).where(AuthSession.user_id == user.id))
        ],
    }


def _authored_records(user: User) -> dict[str, Any]:
    """Earlier versions of what the person wrote, and the challenges, files and official responses they published."""
    return {
        "solution_revisions": [
            {"solution_id": r.solution_id, "title": r.title, "body": r.body, "replaced_at": _iso(r.created_at)}
            for (r,) in _rows(
                select(SolutionRevision)
                .join(Solution)
                .where(Solution.authored_by(user.id))
                .order_by(SolutionRevision.id)
            )
        ],
        "comment_revisions": [
            {"comment_id": r.comment_id, "body": r.body, "replaced_at": _iso(r.created_at)}
            for (r,) in _rows(
                select(CommentRevision).join(Comment).where(Comment.author_id == user.id).order_by(CommentRevision.id)
            )
        ],
        "challenges_created": [
            {"challenge": slug, "title": title}
            for slug, title in _rows(
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
            for (a,) in _rows(select(Attachment).where(Attachment.uploaded_by_id == user.id).order_by(Attachment.id))
        ],
        "official_responses": [
            {"solution_id": r.solution_id, "outcome": r.outcome, "body": r.body, "updated_at": _iso(r.updated_at)}
            for (r,) in _rows(
                select(OfficialResponse).where(OfficialResponse.author_id == user.id).order_by(OfficialResponse.id)
            )
        ],
        "official_response_revisions": [
            {"response_id": r.response_id, "outcome": r.outcome, "body": r.body, "replaced_at": _iso(r.created_at)}
            for (r,) in _rows(
                select(OfficialResponseRevision)
                .where(OfficialResponseRevision.author_id == user.id)
                .order_by(OfficialResponseRevision.id)
            )
        ],
    }


def _decisions(user: User) -> dict[str, Any]:
    """The moderation actions by or about the person."""
    return {
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
            for (a,) in _rows(
                select(ModerationAction)
                .where(or_(ModerationAction.actor_id == user.id, ModerationAction.target_user_id == user.id))
                .order_by(ModerationAction.id)
            )
        ],
    }


def _mail_and_staff_records(user: User) -> dict[str, Any]:
    """The emails for the person, and what they did as staff: audit, invitations, published texts, messages."""
    return {
        "emails": [
            {"subject": m.subject, "body": m.body, "created_at": _iso(m.created_at), "sent_at": _iso(m.sent_at)}
            for (m,) in _rows(select(OutboxEmail).where(OutboxEmail.recipient == user.email).order_by(OutboxEmail.id))
        ],
        "audit": [
            {
                "action": a.action,
                "target": a.target_label,
                "reason": a.reason,
                "changes": a.changes,
                "at": _iso(a.created_at),
            }
            for (a,) in _rows(select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id))
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
            for (i,) in _rows(
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
        "legal_versions_published": [
            {"document": v.document, "version": v.version, "summary": v.summary, "published_at": _iso(v.published_at)}
            for (v,) in _rows(
                select(LegalVersion).where(LegalVersion.published_by_id == user.id).order_by(LegalVersion.id)
            )
        ],
        "content_page_versions_saved": [
            {"page_id": v.page_id, "title": v.title, "saved_at": _iso(v.saved_at)}
            for (v,) in _rows(
                select(ContentPageVersion)
                .where(ContentPageVersion.saved_by_id == user.id)
                .order_by(ContentPageVersion.id)
            )
        ],
        "challenge_messages_sent": [
            {"challenge_id": m.challenge_id, "subject": m.subject, "body": m.body, "sent_at": _iso(m.created_at)}
            for (m,) in _rows(
                select(ChallengeMessage).where(ChallengeMessage.author_id == user.id).order_by(ChallengeMessage.id)
            )
        ],
    }
