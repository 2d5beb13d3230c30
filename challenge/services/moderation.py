"""Flags, the moderation queue, hiding and restoring, suspensions, and the append-only log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Row, Select, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import FLAG_REASONS, Comment, Flag, ModerationAction, Solution, User, utcnow
from . import audit, auth_sessions, counters, notifications
from .common import InvalidInput, PermissionDenied, ServiceError
from .permissions import can_moderate, refusal_to_flag, refuse_unless_allowed

Item = Solution | Comment


class ModerationError(ServiceError):
    """A moderation request was refused."""


def _require_moderator(user: User) -> None:
    if not can_moderate(user):
        raise PermissionDenied(_("Solo i moderatori possono farlo."))


def _item_filter(item: Item) -> dict:
    return {"solution_id": item.id} if isinstance(item, Solution) else {"comment_id": item.id}


def _log(actor: User | None, action: str, reason: str, item: Item | None = None, target: User | None = None) -> None:
    if actor is not None:  # a person acted: the audit log has it too (automatic hiding stays in this log only)
        if target:
            kind, row_id, label = "user", target.id, target.name
        elif item is not None:
            kind, row_id, label = type(item).__name__.lower(), item.id, _title(item)
        else:
            raise ValueError("a moderation action is on an item or on an account")
        audit.record(actor, action, kind, row_id, label, reason=reason)
    db.session.add(
        ModerationAction(
            actor_id=actor.id if actor else None,
            action=action,
            reason=reason.strip(),
            target_user_id=target.id if target else (item.author_id if item else None),
            **(_item_filter(item) if item else {}),
        )
    )


def _title(item: Item) -> str:
    return item.title if isinstance(item, Solution) else item.solution.title


def _tell_author(item: Item) -> None:
    """Notify the author that moderation acted on their solution or comment."""
    if isinstance(item, Solution):
        notifications.notify(item.author, "moderation", item.title, item.id)
    else:
        notifications.notify(item.author, "moderation", item.solution.title, item.solution_id, item.id)


def _set_visibility(item: Item, visible: bool) -> None:
    if isinstance(item, Solution):
        counters.solution_visibility_changed(item, visible)
    elif item.solution.status == "published":
        counters.comment_visibility_changed(item, visible)


def _close_flags(item: Item, status: str) -> None:
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
        _hide(None, item, "auto_hide", _("Nascosto in attesa di revisione dopo %(n)d segnalazioni.", n=count))
    db.session.commit()
    return new_flag


def _hide(actor: User | None, item: Item, action: str, reason: str) -> None:
    item.status = "hidden"
    _set_visibility(item, False)
    _log(actor, action, reason, item)
    _tell_author(item)


def hide(moderator: User, item: Item, reason: str) -> None:
    """Hide an item from every list, count and ranking; its text and votes are kept."""
    _require_moderator(moderator)
    if item.status != "published":
        raise ModerationError(_("Si possono nascondere solo contenuti pubblicati."))
    _hide(moderator, item, "hide", reason)
    _close_flags(item, "resolved")
    db.session.commit()


def restore(moderator: User, item: Item, reason: str) -> None:
    """Bring a hidden item back, with every vote it had."""
    _require_moderator(moderator)
    if item.status != "hidden":
        raise ModerationError(_("Si possono ripristinare solo contenuti nascosti."))
    item.status = "published"
    _set_visibility(item, True)
    _close_flags(item, "dismissed")
    _log(moderator, "restore", reason, item)
    _tell_author(item)
    db.session.commit()


def dismiss(moderator: User, item: Item, reason: str) -> None:
    """Close the open flags of an item that breaks no rule."""
    _require_moderator(moderator)
    _close_flags(item, "dismissed")
    _log(moderator, "dismiss", reason, item)
    db.session.commit()


def _require_power_over(moderator: User, user: User, refusal: str) -> None:
    # Only admins act on moderators and admins, so a moderator cannot undo an admin's decision.
    _require_moderator(moderator)
    if user.id == moderator.id or (user.is_moderator and not moderator.is_admin):
        raise PermissionDenied(refusal)


def suspend(moderator: User, user: User, reason: str, until: datetime | None) -> None:
    """Suspend an account (optionally until a date) and end all its sessions."""
    _require_power_over(moderator, user, _("Non puoi sospendere questo account."))
    if not reason.strip():
        raise ModerationError(_("Indica il motivo: lo leggerà la persona sospesa."), field="reason")
    user.suspended_at = utcnow()
    user.suspended_until = until
    user.suspension_reason = reason.strip()
    auth_sessions.end_all(user, commit=False)
    _log(moderator, "suspend", reason, target=user)
    db.session.commit()


def reinstate(moderator: User, user: User, reason: str) -> None:
    """Lift a suspension."""
    _require_power_over(moderator, user, _("Non puoi riabilitare questo account."))
    if user.suspended_at is None:
        raise ModerationError(_("Questo account non è sospeso."))
    user.suspended_at = user.suspended_until = user.suspension_reason = None
    _log(moderator, "reinstate", reason, target=user)
    db.session.commit()


@dataclass(frozen=True)
class QueueEntry:
    item: Item
    flags: list[Flag]
    history: list[ModerationAction]

    @property
    def kind(self) -> str:
        return "solutions" if isinstance(self.item, Solution) else "comments"


def _flagged(model, limit: int) -> Sequence[Row]:
    oldest = (
        select(func.min(Flag.created_at))
        .where(getattr(Flag, "solution_id" if model is Solution else "comment_id") == model.id, Flag.status == "open")
        .scalar_subquery()
    )
    options = [joinedload(model.author)] + ([joinedload(Comment.solution)] if model is Comment else [])
    return db.session.execute(
        select(model, oldest.label("oldest"))
        .options(*options)
        .where(model.open_flag_count > 0)
        .order_by(model.open_flag_count.desc(), oldest)
        .limit(limit)
    ).all()


def _by_item(model, items: list[Item], *conditions, order: list, person) -> dict[tuple[type, int], list]:
    """Rows of `model` (flags or actions) about any of the items, with `person` loaded, in one query, keyed by item."""
    grouped: dict[tuple[type, int], list] = {}
    if not items:
        return grouped
    solution_ids = [item.id for item in items if isinstance(item, Solution)]
    comment_ids = [item.id for item in items if isinstance(item, Comment)]
    rows = db.session.scalars(
        select(model)
        .options(joinedload(person))
        .where(or_(model.solution_id.in_(solution_ids), model.comment_id.in_(comment_ids)), *conditions)
        .order_by(*order)
    )
    for row in rows:
        key = (Solution, row.solution_id) if row.solution_id is not None else (Comment, row.comment_id)
        grouped.setdefault(key, []).append(row)
    return grouped


def queue(limit: int = 50) -> list[QueueEntry]:
    """Items with open flags, most-flagged and oldest first, with their flags and history.

    Four queries however long the queue: the flagged solutions, the flagged comments, their
    open flags, their moderation history.
    """
    rows = [*_flagged(Solution, limit), *_flagged(Comment, limit)]
    rows.sort(key=lambda row: (-row[0].open_flag_count, row.oldest))
    items = [item for item, _oldest in rows[:limit]]
    flags = _by_item(Flag, items, Flag.status == "open", order=[Flag.created_at, Flag.id], person=Flag.reporter)
    history = _by_item(
        ModerationAction,
        items,
        order=[ModerationAction.created_at.desc(), ModerationAction.id.desc()],
        person=ModerationAction.actor,
    )
    return [
        QueueEntry(item, flags.get((type(item), item.id), []), history.get((type(item), item.id), [])) for item in items
    ]


def log_query(action: str | None = None, actor: str | None = None) -> Select:
    """The moderation log, newest first, optionally by action and by the actor's name."""
    statement = select(ModerationAction).options(
        joinedload(ModerationAction.actor), joinedload(ModerationAction.target_user)
    )
    if action:
        statement = statement.where(ModerationAction.action == action)
    if actor:
        statement = statement.join(User, User.id == ModerationAction.actor_id).where(
            or_(User.name.ilike(f"%{actor}%"), User.email.ilike(f"%{actor}%"))
        )
    return statement.order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
