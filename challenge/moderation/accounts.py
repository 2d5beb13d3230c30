"""Moderation of people: reports of a person, suspensions and reinstatements, and what the person is told."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..account import sessions as auth_sessions
from ..core.errors import InvalidInput, PermissionDenied
from ..core.extensions import db
from ..core.permissions import refusal_to_flag_user, refuse_unless_allowed
from ..models import FLAG_REASONS, ModerationAction, User, UserFlag, utcnow
from ..notifications import service as notifications
from ..notifications.mail import account_unsubscribe_url, render_email
from .decisions import ModerationError, log_action, require_moderator, require_statement


def tell_account(user: User, action: ModerationAction, template: str = "moderation_account") -> None:
    """Email a person about a decision on their account (a suspension, its appeal): always, it is not optional."""
    if user.deleted_at is not None or not user.email:
        return
    subject, body, html = render_email(
        user, template, action.action_label, action=action, deadline=action.appeal_deadline
    )
    notifications.queue_email(
        user.email, subject, body, html, unsubscribe_url=account_unsubscribe_url(user, user.email)
    )


def require_power_over(moderator: User, user: User, refusal: str) -> None:
    # Only admins act on moderators and admins, so a moderator cannot undo an admin's decision.
    require_moderator(moderator)
    if user.id == moderator.id or (user.is_moderator and not moderator.is_admin):
        raise PermissionDenied(refusal)


def suspend(moderator: User, user: User, reason: str, until: datetime | None, reason_code: str = "") -> None:
    """Suspend an account (optionally until a date), with a statement of reasons, and end all its sessions."""
    require_power_over(moderator, user, _("Non puoi sospendere questo account."))
    if not reason.strip():
        raise ModerationError(_("Indica il motivo: lo leggerà la persona sospesa."), field="reason")
    reason_code, reason = require_statement(reason_code, reason)
    user.suspended_at = utcnow()
    user.suspended_until = until
    user.suspension_reason = reason.strip()
    auth_sessions.end_all(user, commit=False)
    _close_user_flags(user, "resolved")
    tell_account(user, log_action(moderator, "suspend", reason, target=user, reason_code=reason_code))
    db.session.commit()


def lift_suspension(user: User) -> None:
    """End the suspension: the account signs in again (the caller logs why)."""
    user.suspended_at = user.suspended_until = user.suspension_reason = None


def reinstate(moderator: User, user: User, reason: str, reason_code: str = "") -> None:
    """Lift a suspension."""
    require_power_over(moderator, user, _("Non puoi riabilitare questo account."))
    if user.suspended_at is None:
        raise ModerationError(_("Questo account non è sospeso."))
    lift_suspension(user)
    log_action(moderator, "reinstate", reason, target=user)
    db.session.commit()


def dismiss_user_flags(moderator: User, user: User, reason: str, reason_code: str = "") -> None:
    """Close the open reports of a person who breaks no rule."""
    require_moderator(moderator)
    if not _close_user_flags(user, "dismissed"):
        raise ModerationError(_("Nessuna segnalazione aperta su questa persona."))
    log_action(moderator, "dismiss", reason, target=user)
    db.session.commit()


def _close_user_flags(user: User, status: str) -> int:
    result = db.session.execute(
        update(UserFlag)
        .where(UserFlag.user_id == user.id, UserFlag.status == "open")
        .values(status=status, closed_at=utcnow())
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


def flag_user(reporter: User, user: User, reason: str, detail: str) -> UserFlag:
    """Report a person (not one of their items) to the moderators, once."""
    refuse_unless_allowed(refusal_to_flag_user(reporter, user))
    if reason not in FLAG_REASONS:
        raise InvalidInput(_("Scegli un motivo dall'elenco."), field="reason")
    already = ModerationError(_("Hai già segnalato questa persona."))
    if db.session.scalar(select(UserFlag.id).filter_by(reporter_id=reporter.id, user_id=user.id)):
        raise already
    report = UserFlag(user_id=user.id, reporter_id=reporter.id, reason=reason, detail=detail.strip()[:2000])
    db.session.add(report)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise already from None
    return report


def suspension_decision(user: User) -> ModerationAction | None:
    """The decision behind the suspension in force, or None."""
    if not user.is_authenticated or not user.is_suspended:
        return None
    return db.session.scalar(
        select(ModerationAction)
        .where(ModerationAction.target_user_id == user.id, ModerationAction.action == "suspend")
        .where(ModerationAction.solution_id.is_(None), ModerationAction.comment_id.is_(None))
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
        .limit(1)
    )
