"""The audit log: the one function every admin, moderator and command-line action calls, and its search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, or_, select

from ..models import AUDIT_ACTIONS, CLI_ACTOR, AuditEntry, User
from ..text.slugs import slugify
from .audit_models import AUDIT_TARGETS
from .extensions import db

# Who acted: a signed-in account, or CLI_ACTOR for a command.
Actor = User | str
# Targets that are a person or their address. The log is append-only, so erasure could not take a
# name or an address out of a label: these are labelled by their id alone.
PERSONAL_TARGETS = frozenset({"user", "invitation"})


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field's value."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return sorted(_plain(item) for item in value)
    return value


def differences(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{field: [before, after]} for every field whose value changed."""
    return {
        name: [_plain(before.get(name)), _plain(value)]
        for name, value in after.items()
        if _plain(before.get(name)) != _plain(value)
    }


def removed(before: dict[str, Any]) -> dict[str, list]:
    """{field: [before, None]} for a row that goes away."""
    return {name: [_plain(value), None] for name, value in before.items()}


def record(
    actor: Actor,
    action: str,
    target_type: str,
    target_id: int | None,
    target_label: str,
    *,
    reason: str = "",
    changes: dict[str, list] | None = None,
) -> AuditEntry:
    """Add one row to the log in the caller's transaction (the caller commits).

    A personal target's label is its id, whatever `target_label` says (see PERSONAL_TARGETS).
    """
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(
        actor_id=actor.id if isinstance(actor, User) else None,
        actor_name=(actor.name if isinstance(actor, User) else actor)[:80],
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=f"#{target_id}" if target_type in PERSONAL_TARGETS else (target_label or "")[:200],
        reason=(reason or "").strip(),
        changes=changes or {},
    )
    db.session.add(entry)
    return entry


@dataclass(frozen=True)
class LogFilters:
    actor: str = ""  # part of the actor's name or email, or "cli"
    action: str | None = None
    target: str = ""  # part of the target's name, or its kind ("laboratorio" or "lab", "account" or "user", ...)


def log_query(filters: LogFilters) -> Select:
    """The audit log, newest first, narrowed by actor, action and target."""
    statement = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if filters.actor:
        pattern = f"%{filters.actor}%"
        by_email = select(User.id).where(User.email.ilike(pattern))
        statement = statement.where(
            or_(AuditEntry.actor_name.ilike(pattern), AuditEntry.actor_id.in_(by_email))
            if filters.actor.lower() != CLI_ACTOR
            else AuditEntry.actor_id.is_(None)
        )
    if filters.action in AUDIT_ACTIONS:
        statement = statement.where(AuditEntry.action == filters.action)
    if filters.target:
        wanted = filters.target.lower()
        # A kind is asked for by its label in the reader's language ("laboratorio") or by its code.
        kinds = [code for code, label in AUDIT_TARGETS.items() if wanted in (code, str(label).lower())]
        matches = [AuditEntry.target_label.ilike(f"%{filters.target}%"), AuditEntry.target_type.in_(kinds)]
        if any(character.isalnum() for character in filters.target):  # a name, for targets labelled by slug
            matches.append(AuditEntry.target_label.ilike(f"%{slugify(filters.target)}%"))
        statement = statement.where(or_(*matches))
    return statement


def history_of(target_type: str, target_id: int) -> list[AuditEntry]:
    """Every entry about one row, newest first."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.target_type == target_type, AuditEntry.target_id == target_id)
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        )
    )
