"""Moderation decisions on items: flags, hiding, restoring, approving and rejecting, and the append-only log."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, false, func, select, update
from sqlalchemy.exc import IntegrityError

from ..core import audit, counters
from ..core.errors import InvalidInput, PermissionDenied, ServiceError
from ..core.extensions import db
from ..core.permissions import can_manage, can_moderate, refusal_to_flag, refusal_to_restore, refuse_unless_allowed
from ..models import FLAG_REASONS, Challenge, Comment, Flag, ModerationAction, Solution, User, utcnow
from ..notifications import service as notifications
from ..text.characters import excerpt

ITEM_DECISIONS = ("hide", "auto_hide", "reject", "merge")

Item = Solution | Comment


class ModerationError(ServiceError):
    """A moderation request was refused."""


def require_moderator(user: User) -> None:
    """Refuse anyone but a moderator (or an admin)."""
    if not can_moderate(user):
        raise PermissionDenied(_("Solo i moderatori possono farlo."))


def _item_filter(item: Item) -> dict:
    return {"solution_id": item.id} if isinstance(item, Solution) else {"comment_id": item.id}


def log_action(
    actor: User | None,
    action: str,
    reason: str,
    item: Item | None = None,
    target: User | None = None,
    reason_code: str = "",
    audited: bool = True,
) -> ModerationAction:
    """Append a decision (or an appeal) to the moderation log, and to the audit log when a moderator acted."""
    if actor is not None and audited:  # a moderator acted: the audit log has it too
        if target:
            kind, row_id, label = "user", target.id, target.name
        elif item is not None:
            kind, row_id, label = type(item).__name__.lower(), item.id, _title(item)
        else:
            raise ValueError("a moderation action is on an item or on an account")
        audit.record(actor, action, kind, row_id, label, reason=reason)
    row = ModerationAction(
        actor_id=actor.id if actor else None,
        action=action,
        reason=reason.strip(),
        reason_code=reason_code,
        target_user_id=target.id if target else (item.author_id if item else None),
        **(_item_filter(item) if item else {}),
    )
    db.session.add(row)
    db.session.flush()  # the notice points at it
    return row


def _title(item: Item) -> str:
    """How notices and the log name the item: a solution by its title, a comment by its opening words."""
    return item.title if isinstance(item, Solution) else excerpt(item.body)


# Decisions that hide a published solution or bring it back: its followers hear of them too.
FOLLOWED_STATUS_ACTIONS = frozenset(notifications.FOLLOWED_STATUS_SENTENCES) - {None}


def tell_author(item: Item, action: ModerationAction) -> None:
    """Notify the author of what moderation decided on their solution or comment, and why (the log line);
    a solution's followers hear that it disappeared or is back, without the reasons."""
    if isinstance(item, Solution):
        notifications.notify_authors(item, "moderation", action=action)
        if action.action in FOLLOWED_STATUS_ACTIONS:
            notifications.notify_solution_followers(item, "follow_status", action=action)
    else:
        notifications.notify(item.author, "moderation", _title(item), item.solution_id, item.id, action)


def require_statement(reason_code: str, reason: str) -> tuple[str, str]:
    """A decision's statement of reasons: a category among the flag reasons and a free-text explanation."""
    if reason_code not in FLAG_REASONS:
        raise InvalidInput(_("Scegli la categoria del motivo."), field="reason_code")
    if not reason.strip():
        raise InvalidInput(_("Spiega il motivo: lo leggerà l'autore."), field="reason")
    return reason_code, reason.strip()


def set_visibility(item: Item, visible: bool) -> None:
    """Keep the counters in step with an item that appears or disappears."""
    if isinstance(item, Solution):
        counters.solution_visibility_changed(item, visible)
    elif item.solution.status == "published":
        counters.comment_visibility_changed(item, visible)


def publish(item: Item) -> None:
    """A held-back item appears: counters, and the notices a new item sends (followers, the solution's author)."""
    item.status = "published"
    set_visibility(item, True)
    if isinstance(item, Solution):
        notifications.notify_followers(item.challenge_id, item.author_id, item.title, item.id)
    else:
        notifications.notify_new_comment(item.solution, item.id, item.author_id)


def held_for_review(user: User, challenge: Challenge, kind: str) -> bool:
    """Whether a new solution or comment of `user` on `challenge` waits for a moderator (status "pending").

    The challenge's pre-moderation decides (none, solutions, or all), and every account waits
    wherever it writes while it is a `newcomer`. Moderators and the challenge's managers are never held back.
    """
    if can_moderate(user) or can_manage(user, challenge):
        return False
    if challenge.premoderation == "all" or (challenge.premoderation == "solutions" and kind == "solution"):
        return True
    return _first_contributions() > 0 and bool(db.session.scalar(select(newcomer(user))))


def _first_contributions() -> int:
    return current_app.config["PREMODERATE_FIRST_CONTRIBUTIONS"]


def newcomer(user: User) -> ColumnElement[bool]:
    """SQL: fewer than PREMODERATE_FIRST_CONTRIBUTIONS of the account's contributions are published (pending and
    rejected ones do not count, or posting junk would buy the right to publish freely); false when it is 0."""
    first = _first_contributions()
    if first <= 0:
        return false()
    published = [
        select(func.count()).select_from(model).where(model.author_id == user.id, model.status == "published")
        for model in (Solution, Comment)
    ]
    return published[0].scalar_subquery() + published[1].scalar_subquery() < first


def close_flags(item: Item, status: str) -> None:
    """Close the open flags of an item (resolved or dismissed) and reset its count."""
    model = type(item)
    db.session.execute(
        update(Flag)
        .where(*[getattr(Flag, k) == v for k, v in _item_filter(item).items()], Flag.status == "open")
        .values(status=status, closed_at=utcnow())
    )
    db.session.execute(update(model).where(model.id == item.id).values(open_flag_count=0))


def flag(reporter: User, item: Item, reason: str, detail: str) -> Flag:
    """Report an item once; at FLAG_AUTO_HIDE distinct flags it is hidden pending review."""
    refuse_unless_allowed(refusal_to_flag(reporter, item))
    if reason not in FLAG_REASONS:
        raise InvalidInput(_("Scegli un motivo dall'elenco."), field="reason")
    already = ModerationError(_("Hai già segnalato questo contenuto."))
    if db.session.scalar(select(Flag.id).filter_by(reporter_id=reporter.id, **_item_filter(item))):
        raise already
    new_flag = Flag(reporter_id=reporter.id, reason=reason, detail=detail.strip()[:2000], **_item_filter(item))
    db.session.add(new_flag)
    try:
        db.session.flush()
    except IntegrityError:  # the same reader's parallel request flagged first
        db.session.rollback()
        raise already from None
    model = type(item)
    count = db.session.execute(
        update(model)
        .where(model.id == item.id)
        .values(open_flag_count=model.open_flag_count + 1)
        .returning(model.open_flag_count)
    ).scalar_one()
    if count >= current_app.config["FLAG_AUTO_HIDE"]:
        code = db.session.scalars(
            select(Flag.reason)
            .where(*[getattr(Flag, k) == v for k, v in _item_filter(item).items()], Flag.status == "open")
            .group_by(Flag.reason)
            .order_by(func.count().desc(), Flag.reason)
        ).first()
        why = _("Nascosto in attesa di revisione dopo %(n)d segnalazioni.", n=count)
        _hide(None, item, "auto_hide", why, code or "other")
    db.session.commit()
    return new_flag


def _hide(actor: User | None, item: Item, action: str, reason: str, reason_code: str) -> None:
    item.status = "hidden"
    set_visibility(item, False)
    tell_author(item, log_action(actor, action, reason, item, reason_code=reason_code))


def hide(moderator: User, item: Item, reason: str, reason_code: str = "") -> None:
    """Hide an item from every list, count and ranking, with a statement of reasons; text and votes are kept."""
    require_moderator(moderator)
    if item.status != "published":
        raise ModerationError(_("Si possono nascondere solo contenuti pubblicati."))
    reason_code, reason = require_statement(reason_code, reason)
    _hide(moderator, item, "hide", reason, reason_code)
    close_flags(item, "resolved")
    db.session.commit()


def restore(moderator: User, item: Item, reason: str, reason_code: str = "") -> None:
    """Bring a hidden item back, with every vote it had; the author gets a notice of its own."""
    require_moderator(moderator)
    if item.status != "hidden":
        raise ModerationError(_("Si possono ripristinare solo contenuti nascosti."))
    decision = latest_decision(item)
    refuse_unless_allowed(refusal_to_restore(moderator, item, decision.actor if decision else None))
    item.status = "published"
    set_visibility(item, True)
    close_flags(item, "dismissed")
    tell_author(item, log_action(moderator, "restore", reason, item))
    db.session.commit()


def approve(moderator: User, item: Item, reason: str = "", reason_code: str = "") -> None:
    """Publish a pending item: only now does it count, and only now are followers told."""
    require_moderator(moderator)
    if item.status != "pending":
        raise ModerationError(_("Si possono approvare solo contenuti in attesa di moderazione."))
    publish(item)
    tell_author(item, log_action(moderator, "approve", reason, item))
    db.session.commit()


def reject(moderator: User, item: Item, reason: str, reason_code: str = "") -> None:
    """Refuse a pending item, with a statement of reasons; its text is kept, shown to its author only."""
    require_moderator(moderator)
    if item.status != "pending":
        raise ModerationError(_("Si possono rifiutare solo contenuti in attesa di moderazione."))
    reason_code, reason = require_statement(reason_code, reason)
    item.status = "rejected"
    tell_author(item, log_action(moderator, "reject", reason, item, reason_code=reason_code))
    db.session.commit()


def dismiss(moderator: User, item: Item, reason: str, reason_code: str = "") -> None:
    """Close the open flags of an item that breaks no rule."""
    require_moderator(moderator)
    close_flags(item, "dismissed")
    log_action(moderator, "dismiss", reason, item)
    db.session.commit()


def latest_decision(item: Item) -> ModerationAction | None:
    """The decision that holds the item back now (hidden, rejected, merged), with its statement of reasons."""
    if item.status not in ("hidden", "rejected", "merged"):
        return None
    return db.session.scalar(
        select(ModerationAction)
        .where(*[getattr(ModerationAction, k) == v for k, v in _item_filter(item).items()])
        .where(ModerationAction.action.in_(ITEM_DECISIONS))
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
        .limit(1)
    )
