"""Edits of published solutions on pre-moderated challenges: the approved text stays public while
the edit waits for a moderator, who publishes it (the old text becomes a revision) or rejects it."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..core.extensions import db
from ..models import Solution, SolutionRevision, User, utcnow
from ..text.markup import render_markdown

# The steps every moderation decision takes, so an edit's decision is logged and told like any other.
from .decisions import ModerationError, log_action, require_moderator, require_statement, tell_author


def hold_edit(solution: Solution, title: str, body: str) -> None:
    """Keep the author's edit aside for a moderator; a newer edit replaces one still waiting."""
    solution.pending_title = title.strip()
    solution.pending_body = body
    solution.pending_edit_at = utcnow()


def _waiting_edit(item: Solution) -> Solution:
    if not isinstance(item, Solution) or item.pending_body is None:
        raise ModerationError(_("Non c'è una modifica in attesa di moderazione."))
    return item


def _clear(solution: Solution) -> None:
    solution.pending_title = solution.pending_body = solution.pending_edit_at = None


def approve_edit(moderator: User, item: Solution, reason: str = "", reason_code: str = "") -> None:
    """Publish the waiting edit; the text it replaces is kept as a revision."""
    require_moderator(moderator)
    solution = _waiting_edit(item)
    db.session.add(SolutionRevision(solution_id=solution.id, title=solution.title, body=solution.body))
    solution.title = solution.pending_title or solution.title
    solution.body = solution.pending_body or ""
    solution.body_html = render_markdown(solution.body)
    solution.updated_at = utcnow()
    _clear(solution)
    tell_author(solution, log_action(moderator, "approve_edit", reason, solution))
    db.session.commit()


def reject_edit(moderator: User, item: Solution, reason: str, reason_code: str = "") -> None:
    """Refuse the waiting edit, with a statement of reasons; the approved text stays as it is."""
    require_moderator(moderator)
    solution = _waiting_edit(item)
    reason_code, reason = require_statement(reason_code, reason)
    _clear(solution)
    tell_author(solution, log_action(moderator, "reject_edit", reason, solution, reason_code=reason_code))
    db.session.commit()


def pending_edits(limit: int = 50) -> list[Solution]:
    """Published solutions with an edit waiting for a moderator, oldest edit first."""
    return list(
        db.session.scalars(
            select(Solution)
            .options(joinedload(Solution.author), joinedload(Solution.challenge))
            .where(Solution.pending_edit_at.is_not(None))
            .order_by(Solution.pending_edit_at, Solution.id)
            .limit(limit)
        )
    )
