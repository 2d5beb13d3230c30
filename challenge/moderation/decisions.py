"""Moderation decisions on items: flags, hiding, restoring, approving and rejecting, and the append-only log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Row, Select, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..account import sessions as auth_sessions
from ..core import audit, counters
from ..core.errors import InvalidInput, PermissionDenied, ServiceError
from ..core.extensions import db
from ..core.permissions import (
    can_manage,
    can_moderate,
    refusal_to_appeal,
    refusal_to_decide_appeal,
    refusal_to_flag,
    refusal_to_flag_user,
    refusal_to_restore,
    refuse_unless_allowed,
)
from ..models import (
    APPEALABLE_ACTIONS,
    FLAG_REASONS,
    Appeal,
    Challenge,
    Comment,
    Flag,
    ModerationAction,
    Solution,
    User,
    UserFlag,
    utcnow,
)
from ..notifications import service as notifications
from ..notifications.mail import render_email

ITEM_DECISIONS = ("hide", "auto_hide", "reject")

Item = Solution | Comment


class ModerationError(ServiceError):
    """A moderation request was refused."""


def _require_moderator(user: User) -> None:
    if not can_moderate(user):
        raise PermissionDenied(_("Solo i moderatori possono farlo."))


def _item_filter(item: Item) -> dict:
    return {"solution_id": item.id} if isinstance(item, Solution) else {"comment_id": item.id}


def _log(
    actor: User | None,
    action: str,
    reason: str,
    item: Item | None = None,
    target: User | None = None,
    reason_code: str = "",
    audited: bool = True,
) -> ModerationAction:
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
    return item.title if isinstance(item, Solution) else item.solution.title


def _tell_author(item: Item, action: ModerationAction) -> None:
    """Notify the author of what moderation decided on their solution or comment, and why (the log line)."""
    if isinstance(item, Solution):
        notifications.notify(item.author, "moderation", item.title, item.id, action=action)
    else:
        notifications.notify(item.author, "moderation", item.solution.title, item.solution_id, item.id, action)


def _tell_account(user: User, action: ModerationAction, template: str = "moderation_account") -> None:
    """Email a person about a decision on their account (a suspension, its appeal): always, it is not optional."""
    if user.deleted_at is not None or not user.email:
        return
    subject, body, html = render_email(
        user, template, action.action_label, action=action, deadline=action.appeal_deadline
    )
    notifications.queue_email(user.email, subject, body, html)


def _statement(reason_code: str, reason: str) -> tuple[str, str]:
    """A decision's statement of reasons: a category among the flag reasons and a free-text explanation."""
    if reason_code not in FLAG_REASONS:
        raise InvalidInput(_("Scegli la categoria del motivo."), field="reason_code")
    if not reason.strip():
        raise InvalidInput(_("Spiega il motivo: lo leggerà l'autore."), field="reason")
    return reason_code, reason.strip()


def _set_visibility(item: Item, visible: bool) -> None:
    if isinstance(item, Solution):
        counters.solution_visibility_changed(item, visible)
    elif item.solution.status == "published":
        counters.comment_visibility_changed(item, visible)


def _publish(item: Item) -> None:
    """A held-back item appears: counters, and the notices a new item sends (followers, the solution's author)."""
    item.status = "published"
    _set_visibility(item, True)
    if isinstance(item, Solution):
        notifications.notify_followers(item.challenge_id, item.author_id, item.title, item.id)
    elif item.solution.author_id != item.author_id:
        notifications.notify(item.solution.author, "comment", item.solution.title, item.solution_id, item.id)


def held_for_review(user: User, challenge: Challenge, kind: str) -> bool:
    """Whether a new solution or comment of `user` on `challenge` waits for a moderator (status "pending").

    The challenge's pre-moderation decides (none, solutions, or all), and every account waits
    wherever it writes until PREMODERATE_FIRST_CONTRIBUTIONS of its contributions are published:
    pending and rejected ones do not count, or posting junk would buy the right to publish freely.
    Moderators and the challenge's managers are never held back.
    """
    if can_moderate(user) or can_manage(user, challenge):
        return False
    if challenge.premoderation == "all" or (challenge.premoderation == "solutions" and kind == "solution"):
        return True
    first = current_app.config["PREMODERATE_FIRST_CONTRIBUTIONS"]
    if first <= 0:
        return False
    published = sum(
        db.session.scalar(
            select(func.count()).select_from(model).where(model.author_id == user.id, model.status == "published")
        )
        or 0
        for model in (Solution, Comment)
    )
    return published < first


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
    _set_visibility(item, False)
    _tell_author(item, _log(actor, action, reason, item, reason_code=reason_code))


def hide(moderator: User, item: Item, reason: str, reason_code: str = "") -> None:
    """Hide an item from every list, count and ranking, with a statement of reasons; text and votes are kept."""
    _require_moderator(moderator)
    if item.status != "published":
        raise ModerationError(_("Si possono nascondere solo contenuti pubblicati."))
    reason_code, reason = _statement(reason_code, reason)
    _hide(moderator, item, "hide", reason, reason_code)
    _close_flags(item, "resolved")
    db.session.commit()


def restore(moderator: User, item: Item, reason: str, reason_code: str = "") -> None:
    """Bring a hidden item back, with every vote it had; the author gets a notice of its own."""
    _require_moderator(moderator)
    if item.status != "hidden":
        raise ModerationError(_("Si possono ripristinare solo contenuti nascosti."))
    decision = latest_decision(item)
    refuse_unless_allowed(refusal_to_restore(moderator, item, decision.actor if decision else None))
    item.status = "published"
    _set_visibility(item, True)
    _close_flags(item, "dismissed")
    _tell_author(item, _log(moderator, "restore", reason, item))
    db.session.commit()


def approve(moderator: User, item: Item, reason: str = "", reason_code: str = "") -> None:
    """Publish a pending item: only now does it count, and only now are followers told."""
    _require_moderator(moderator)
    if item.status != "pending":
        raise ModerationError(_("Si possono approvare solo contenuti in attesa di moderazione."))
    _publish(item)
    _tell_author(item, _log(moderator, "approve", reason, item))
    db.session.commit()


def reject(moderator: User, item: Item, reason: str, reason_code: str = "") -> None:
    """Refuse a pending item, with a statement of reasons; its text is kept, shown to its author only."""
    _require_moderator(moderator)
    if item.status != "pending":
        raise ModerationError(_("Si possono rifiutare solo contenuti in attesa di moderazione."))
    reason_code, reason = _statement(reason_code, reason)
    item.status = "rejected"
    _tell_author(item, _log(moderator, "reject", reason, item, reason_code=reason_code))
    db.session.commit()


def dismiss(moderator: User, item: Item, reason: str, reason_code: str = "") -> None:
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


def suspend(moderator: User, user: User, reason: str, until: datetime | None, reason_code: str = "") -> None:
    """Suspend an account (optionally until a date), with a statement of reasons, and end all its sessions."""
    _require_power_over(moderator, user, _("Non puoi sospendere questo account."))
    if not reason.strip():
        raise ModerationError(_("Indica il motivo: lo leggerà la persona sospesa."), field="reason")
    reason_code, reason = _statement(reason_code, reason)
    user.suspended_at = utcnow()
    user.suspended_until = until
    user.suspension_reason = reason.strip()
    auth_sessions.end_all(user, commit=False)
    _close_user_flags(user, "resolved")
    _tell_account(user, _log(moderator, "suspend", reason, target=user, reason_code=reason_code))
    db.session.commit()


def _lift(user: User) -> None:
    user.suspended_at = user.suspended_until = user.suspension_reason = None


def reinstate(moderator: User, user: User, reason: str, reason_code: str = "") -> None:
    """Lift a suspension."""
    _require_power_over(moderator, user, _("Non puoi riabilitare questo account."))
    if user.suspended_at is None:
        raise ModerationError(_("Questo account non è sospeso."))
    _lift(user)
    _log(moderator, "reinstate", reason, target=user)
    db.session.commit()


def dismiss_user_flags(moderator: User, user: User, reason: str, reason_code: str = "") -> None:
    """Close the open reports of a person who breaks no rule."""
    _require_moderator(moderator)
    if not _close_user_flags(user, "dismissed"):
        raise ModerationError(_("Nessuna segnalazione aperta su questa persona."))
    _log(moderator, "dismiss", reason, target=user)
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


# Statements of reasons and appeals


def latest_decision(item: Item) -> ModerationAction | None:
    """The decision that holds the item back now (hidden or rejected), with its statement of reasons."""
    if item.status not in ("hidden", "rejected"):
        return None
    return db.session.scalar(
        select(ModerationAction)
        .where(*[getattr(ModerationAction, k) == v for k, v in _item_filter(item).items()])
        .where(ModerationAction.action.in_(ITEM_DECISIONS))
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
        .limit(1)
    )


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


def appeal_of(decision: ModerationAction | None) -> Appeal | None:
    """The appeal filed against the decision, if any."""
    if decision is None:
        return None
    return db.session.scalar(select(Appeal).where(Appeal.decision_id == decision.id))


def can_appeal(user: User, decision: ModerationAction | None) -> bool:
    """Whether the person may appeal this decision now (theirs, not yet appealed, within 6 months)."""
    return (
        decision is not None
        and refusal_to_appeal(user, decision, appeal_of(decision), decision.appeal_deadline) is None
    )


@dataclass(frozen=True)
class Statement:
    """What the author of a held-back item reads: the decision, its appeal, whether they may appeal now."""

    decision: ModerationAction | None
    appeal: Appeal | None
    may_appeal: bool


def statement_of(user: User, item: Item) -> Statement:
    """The statement of reasons of the decision that holds the item back, for its author."""
    decision = latest_decision(item)
    appeal = appeal_of(decision)
    may = decision is not None and refusal_to_appeal(user, decision, appeal, decision.appeal_deadline) is None
    return Statement(decision, appeal, may)


def suspension_statement(user: User) -> Statement:
    """The statement of reasons of the suspension in force, for the suspended person."""
    decision = suspension_decision(user)
    appeal = appeal_of(decision)
    may = decision is not None and refusal_to_appeal(user, decision, appeal, decision.appeal_deadline) is None
    return Statement(decision, appeal, may)


def file_appeal(user: User, decision: ModerationAction | None, body: str) -> Appeal:
    """Appeal a decision once, within APPEAL_WINDOW; it goes to the moderation queue."""
    if decision is None or decision.action not in APPEALABLE_ACTIONS:
        raise ModerationError(_("Non c'è una decisione di moderazione da contestare."))
    refuse_unless_allowed(refusal_to_appeal(user, decision, appeal_of(decision), decision.appeal_deadline))
    if not body.strip():
        raise InvalidInput(_("Spiega perché la decisione andrebbe rivista."), field="body")
    appeal = Appeal(decision_id=decision.id, appellant_id=user.id, body=body.strip()[:5000])
    db.session.add(appeal)
    try:
        db.session.flush()
    except IntegrityError:  # a parallel request appealed first
        db.session.rollback()
        raise ModerationError(_("Hai già presentato ricorso contro questa decisione.")) from None
    _log(user, "appeal", body, **_decision_subject(decision), audited=False)
    db.session.commit()
    return appeal


def _decision_subject(decision: ModerationAction) -> dict:
    """The item (or the account) a decision is about, as _log takes it."""
    if decision.solution_id is not None:
        return {"item": db.session.get_one(Solution, decision.solution_id)}
    if decision.comment_id is not None:
        return {"item": db.session.get_one(Comment, decision.comment_id)}
    return {"target": decision.target_user}


def decide_appeal(moderator: User, appeal: Appeal, verb: str, reply: str) -> None:
    """Uphold or overturn an appeal, with a reasoned reply. Someone other than the decision's author decides.

    Overturning restores the item (hidden or rejected: published again) or lifts the suspension.
    """
    refuse_unless_allowed(refusal_to_decide_appeal(moderator, appeal))
    if verb not in ("uphold", "overturn"):
        raise InvalidInput(_("Scegli se accogliere o respingere il ricorso."))
    if not reply.strip():
        raise InvalidInput(_("Spiega la decisione: la leggerà chi ha presentato ricorso."), field="reply")
    decision = appeal.decision
    subject = _decision_subject(decision)
    if subject.get("target") is not None:
        _require_power_over(moderator, subject["target"], _("Non puoi decidere su questo account."))
    appeal.status = "upheld" if verb == "uphold" else "overturned"
    appeal.reply = reply.strip()
    appeal.decided_by_id = moderator.id
    appeal.decided_at = utcnow()
    if verb == "overturn":
        item = subject.get("item")
        if item is not None and item.status == "hidden":
            item.status = "published"
            _set_visibility(item, True)
            _close_flags(item, "dismissed")
        elif item is not None and item.status == "rejected":
            _publish(item)
        elif item is None and decision.target_user is not None and decision.target_user.suspended_at is not None:
            _lift(decision.target_user)
    row = _log(moderator, verb, reply, **subject)
    if subject.get("item") is not None:
        _tell_author(subject["item"], row)
    elif decision.target_user is not None:
        _tell_account(decision.target_user, row, "moderation_appeal")
    db.session.commit()


def open_appeals(limit: int = 50) -> list[Appeal]:
    """Appeals waiting for a decision, oldest first, with their decision and appellant."""
    return list(
        db.session.scalars(
            select(Appeal)
            .options(joinedload(Appeal.decision).joinedload(ModerationAction.actor), joinedload(Appeal.appellant))
            .where(Appeal.status == "open")
            .order_by(Appeal.created_at, Appeal.id)
            .limit(limit)
        )
    )


def appeals_query(status: str | None) -> Select:
    """Every appeal (or those in one status), newest first."""
    statement = select(Appeal).options(
        joinedload(Appeal.decision).joinedload(ModerationAction.actor),
        joinedload(Appeal.appellant),
        joinedload(Appeal.decided_by),
    )
    if status:
        statement = statement.where(Appeal.status == status)
    return statement.order_by(Appeal.created_at.desc(), Appeal.id.desc())


def pending_items(limit: int = 50) -> list[Item]:
    """Pre-moderated items waiting for a decision, oldest first (the queue shows them before anything else)."""
    solutions = db.session.scalars(
        select(Solution)
        .options(joinedload(Solution.author), joinedload(Solution.challenge))
        .where(Solution.status == "pending")
        .order_by(Solution.created_at, Solution.id)
        .limit(limit)
    ).all()
    comments = db.session.scalars(
        select(Comment)
        .options(joinedload(Comment.author), joinedload(Comment.solution))
        .where(Comment.status == "pending")
        .order_by(Comment.created_at, Comment.id)
        .limit(limit)
    ).all()
    items: list[Item] = [*solutions, *comments]
    items.sort(key=lambda item: (item.created_at, item.id))
    return items[:limit]


def reported_people(limit: int = 50) -> list[tuple[User, list[UserFlag]]]:
    """People with open reports, most-reported first, with those reports."""
    flags = db.session.scalars(
        select(UserFlag)
        .options(joinedload(UserFlag.user), joinedload(UserFlag.reporter))
        .where(UserFlag.status == "open")
        .order_by(UserFlag.created_at, UserFlag.id)
    ).all()
    grouped: dict[int, tuple[User, list[UserFlag]]] = {}
    for report in flags:
        grouped.setdefault(report.user_id, (report.user, []))[1].append(report)
    people = sorted(grouped.values(), key=lambda entry: (-len(entry[1]), entry[1][0].created_at))
    return people[:limit]


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
