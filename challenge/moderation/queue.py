"""The moderators' queue: pending items, reported people, flagged items with their history, and the log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import joinedload

from ..core.extensions import db
from ..core.visibility import seen_by
from ..models import Comment, Flag, ModerationAction, Solution, User, UserFlag
from .decisions import Item


def pending_items(viewer: User, limit: int = 50) -> list[Item]:
    """Pre-moderated items waiting for a decision, oldest first (the queue shows them before anything else),
    on the challenges the moderator sees (an internal challenge's: admins only)."""
    solutions = db.session.scalars(
        select(Solution)
        .options(joinedload(Solution.author), joinedload(Solution.challenge))
        .where(Solution.status == "pending", seen_by(Solution, viewer))
        .order_by(Solution.created_at, Solution.id)
        .limit(limit)
    ).all()
    comments = db.session.scalars(
        select(Comment)
        .options(joinedload(Comment.author), joinedload(Comment.solution))
        .where(Comment.status == "pending", seen_by(Comment, viewer))
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


def _flagged(model, viewer: User, limit: int) -> Sequence[Row]:
    oldest = (
        select(func.min(Flag.created_at))
        .where(getattr(Flag, "solution_id" if model is Solution else "comment_id") == model.id, Flag.status == "open")
        .scalar_subquery()
    )
    options = [joinedload(model.author)] + ([joinedload(Comment.solution)] if model is Comment else [])
    return db.session.execute(
        select(model, oldest.label("oldest"))
        .options(*options)
        .where(model.open_flag_count > 0, seen_by(model, viewer))
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


def queue(viewer: User, limit: int = 50) -> list[QueueEntry]:
    """Items with open flags, most-flagged and oldest first, with their flags and history.

    Four queries however long the queue: the flagged solutions, the flagged comments, their
    open flags, their moderation history.
    """
    rows = [*_flagged(Solution, viewer, limit), *_flagged(Comment, viewer, limit)]
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
