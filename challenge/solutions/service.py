"""Solutions: proposing, editing with revisions, withdrawing; and who may see them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..core import counters
from ..core.errors import InvalidInput
from ..core.extensions import db
from ..core.permissions import (
    can_see_held_back,
    refusal_to_edit_solution,
    refusal_to_propose,
    refuse_unless_allowed,
)
from ..core.visibility import can_view_challenge
from ..models import Challenge, Comment, Solution, SolutionCoauthor, SolutionRevision, User, utcnow
from ..moderation.antispam import refuse_repeat
from ..moderation.decisions import held_for_review
from ..moderation.pending_edits import hold_edit
from ..notifications import service as notifications
from ..text.markup import render_markdown


def can_view_solution(user: User, solution: Solution) -> bool:
    """Published solutions on visible challenges; withdrawn ones stay readable as a notice.

    Hidden, rejected and pending ones: their author (with the decision) and the moderators."""
    if not can_view_challenge(user, solution.challenge):
        return False
    if solution.is_held_back:
        return can_see_held_back(user, solution)
    return True


def propose_solution(
    user: User, challenge: Challenge, title: str, body: str, as_organisation: bool = False
) -> Solution:
    """Publish a solution on an open challenge before its deadline (or hold it for pre-moderation);
    `as_organisation` presents it as the proposer's organisation, if the account acts for one."""
    refuse_unless_allowed(refusal_to_propose(user, challenge))
    refuse_repeat(user, body)
    pending = held_for_review(user, challenge, "solution")
    now = utcnow()
    solution = Solution(
        challenge_id=challenge.id,
        author_id=user.id,
        title=title.strip(),
        body=body,
        body_html=render_markdown(body),
        status="pending" if pending else "published",
        as_organisation=as_organisation and user.organisation is not None,
        created_at=now,
        updated_at=now,
    )
    db.session.add(solution)
    db.session.flush()
    if not pending:  # a pending solution counts, and its followers hear of it, once approved
        counters.solution_visibility_changed(solution, visible=True)
        notifications.notify_followers(challenge.id, user.id, solution.title, solution.id)
    db.session.commit()
    return solution


def offers_organisation(user: User, solution: Solution | None) -> bool:
    """Whether the form offers to present the solution as the account's organisation: to its proposer
    (anyone proposing a new one) whose account acts for an organisation."""
    return user.organisation is not None and (solution is None or solution.author_id == user.id)


def solution_waits_for_review(user: User, challenge: Challenge) -> bool:
    """Whether what `user` proposes or edits now on `challenge` waits for a moderator (an edit while the
    approved text stays public); the forms say so beforehand."""
    return held_for_review(user, challenge, "solution")


def edit_solution(
    user: User, solution: Solution, title: str, body: str, as_organisation: bool | None = None
) -> Solution:
    """Change title and text; the previous version is kept as a revision. Under pre-moderation the
    edit waits for a moderator instead (services.pending_edits). Only the proposer, acting for an
    organisation, changes whether the solution is presented as the organisation's."""
    refuse_unless_allowed(refusal_to_edit_solution(user, solution))
    if as_organisation is not None and offers_organisation(user, solution):
        solution.as_organisation = as_organisation
    if solution_waits_for_review(user, solution.challenge):
        hold_edit(solution, body, title)
        db.session.commit()
        return solution
    db.session.add(SolutionRevision(solution_id=solution.id, title=solution.title, body=solution.body))
    solution.title = title.strip()
    solution.body = body
    solution.body_html = render_markdown(body)
    solution.updated_at = utcnow()
    db.session.commit()
    return solution


def favoured_solution(solution: Solution, favoured_id: int | None) -> Solution | None:
    """The solution chosen to withdraw `solution` in favour of: another published one of its challenge."""
    if favoured_id is None:
        return None
    favoured = db.session.get(Solution, favoured_id)
    if favoured is None or favoured.id == solution.id or favoured.challenge_id != solution.challenge_id:
        raise InvalidInput(_("Scegli un'altra soluzione della stessa sfida."), field="in_favour_of")
    if not favoured.is_published:
        raise InvalidInput(_("Si può ritirare a favore solo di una soluzione pubblicata."), field="in_favour_of")
    return favoured


def withdraw_solution(user: User, solution: Solution, in_favour_of_id: int | None = None) -> Solution:
    """The author takes the solution back, optionally in favour of another one (its page links there);
    it leaves every list and count."""
    refuse_unless_allowed(refusal_to_edit_solution(user, solution))
    favoured = favoured_solution(solution, in_favour_of_id)
    solution.withdrawn_in_favour_of_id = favoured.id if favoured else None
    solution.status = "withdrawn"
    solution.updated_at = utcnow()
    counters.solution_visibility_changed(solution, visible=False)
    notifications.notify_solution_followers(solution, "follow_status")
    db.session.commit()
    return solution


def find_solution(solution_id: int, shown: bool = True) -> Solution | None:
    """The solution with its challenge and its authors' ids loaded, and, when a page shows it (`shown`), the
    challenge's administration and the authors' accounts too."""
    if shown:
        options = [
            joinedload(Solution.challenge).joinedload(Challenge.administration),
            joinedload(Solution.author),
            joinedload(Solution.coauthors),  # every author's rights are asked on its page: in the same statement
        ]
    else:
        options = _for_rights(joinedload)
    return db.session.scalar(select(Solution).options(*options).where(Solution.id == solution_id))


def find_comment_for_rights(comment_id: int) -> Comment | None:
    """The comment with its solution loaded as `find_solution(shown=False)` loads it, in one statement."""
    return db.session.scalar(
        select(Comment).options(*_for_rights(joinedload(Comment.solution).joinedload)).where(Comment.id == comment_id)
    )


def _for_rights(load: Callable[..., Any]) -> list[Any]:
    """A post that decides rights only loads the solution's challenge and its authors' ids: their accounts
    load if anything reads them."""
    return [load(Solution.challenge), load(Solution.coauthors).lazyload(SolutionCoauthor.user)]


def revisions_of(solution: Solution) -> list[SolutionRevision]:
    """Earlier versions, newest first."""
    return list(
        db.session.scalars(
            select(SolutionRevision)
            .where(SolutionRevision.solution_id == solution.id)
            .order_by(SolutionRevision.created_at.desc(), SolutionRevision.id.desc())
        )
    )


# Each ordering matches an index on (challenge_id, status, key) or (status, key).
SOLUTION_SORTS = {
    "latest": (Solution.created_at.desc(), Solution.id.desc()),
    # Wilson lower bound, then more +1 votes, then newer.
    "best": (Solution.wilson_score.desc(), Solution.votes_up.desc(), Solution.created_at.desc(), Solution.id.desc()),
    "hot": (Solution.hot_score.desc(), Solution.id.desc()),
    "discussed": (Solution.comment_count.desc(), Solution.created_at.desc(), Solution.id.desc()),
}


def solutions_of(challenge: Challenge, sort: str) -> Select:
    """Published solutions of a challenge in the chosen order."""
    return (
        select(Solution)
        .options(joinedload(Solution.author))
        .where(Solution.challenge_id == challenge.id, Solution.status == "published")
        .order_by(*SOLUTION_SORTS.get(sort, SOLUTION_SORTS["latest"]))
    )


def latest_solutions(limit: int) -> list[Solution]:
    """The newest visible solutions site-wide."""
    return list(
        db.session.scalars(
            select(Solution)
            .join(Challenge, Challenge.id == Solution.challenge_id)
            .options(joinedload(Solution.author), joinedload(Solution.challenge))
            .where(Solution.is_visible)
            .order_by(Solution.created_at.desc(), Solution.id.desc())
            .limit(limit)
        )
    )
