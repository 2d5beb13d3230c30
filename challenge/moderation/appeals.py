"""Statements of reasons and appeals: what the author of a decision's subject reads, appealing, deciding appeals."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..core.errors import InvalidInput
from ..core.extensions import db
from ..core.permissions import refusal_to_appeal, refusal_to_decide_appeal, refuse_unless_allowed
from ..models import APPEALABLE_ACTIONS, Appeal, Comment, ModerationAction, Solution, User, utcnow
from .accounts import lift_suspension, require_power_over, suspension_decision, tell_account
from .decisions import (
    Item,
    ModerationError,
    close_flags,
    latest_decision,
    log_action,
    publish,
    set_visibility,
    tell_author,
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
    log_action(user, "appeal", body, **_decision_subject(decision), audited=False)
    db.session.commit()
    return appeal


def _decision_subject(decision: ModerationAction) -> dict:
    """The item (or the account) a decision is about, as log_action takes it."""
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
        require_power_over(moderator, subject["target"], _("Non puoi decidere su questo account."))
    appeal.status = "upheld" if verb == "uphold" else "overturned"
    appeal.reply = reply.strip()
    appeal.decided_by_id = moderator.id
    appeal.decided_at = utcnow()
    if verb == "overturn":
        item = subject.get("item")
        if item is not None and item.status == "hidden":
            item.status = "published"
            set_visibility(item, True)
            close_flags(item, "dismissed")
        elif item is not None and item.status == "rejected":
            publish(item)
        elif item is None and decision.target_user is not None and decision.target_user.suspended_at is not None:
            lift_suspension(decision.target_user)
    row = log_action(moderator, verb, reply, **subject)
    if subject.get("item") is not None:
        tell_author(subject["item"], row)
    elif decision.target_user is not None:
        tell_account(decision.target_user, row, "moderation_appeal")
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
