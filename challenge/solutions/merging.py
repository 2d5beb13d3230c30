"""Merging a duplicate into another solution of its challenge, in one transaction; withdrawing in favour of another.

The merge locks both solution rows (in id order, so two merges never wait on each other in a
cycle), then moves everything the duplicate carries to the survivor and leaves it as a `merged`
stub whose page leads there. Votes are combined by the rule "one per account": an account that
voted both keeps the survivor's vote; an author of the survivor loses a vote on the duplicate, and
an author of the duplicate (who becomes an author of the survivor) loses a vote on the survivor.
The counters are then recomputed from the rows with the recount's own functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, literal, or_, select, update
from sqlalchemy.exc import OperationalError

from ..core import counters
from ..core.errors import InvalidInput, is_deadlock
from ..core.extensions import db
from ..core.permissions import refusal_to_merge, refuse_unless_allowed
from ..core.recount import hot_scores, vote_totals
from ..leaderboards.ranking import wilson_lower_bound
from ..models import (
    Attachment,
    Comment,
    ModerationAction,
    Solution,
    SolutionCoauthor,
    SolutionFollow,
    SolutionVote,
    User,
    utcnow,
)
from ..moderation.appeals import appeal_of, can_appeal
from ..moderation.decisions import close_flags, log_action
from ..notifications import service as notifications
from ..search.service import Hit, similar_solutions

# A vote arriving on a solution while it is merged may wait for a row the merge holds while the merge
# waits for its vote row: PostgreSQL then cancels one of the two, and the merge starts again.
MAX_ATTEMPTS = 3


def merge_targets(duplicate: Solution) -> list[Solution]:
    """The solutions the duplicate may be merged into: the other published ones of its challenge, by title."""
    return list(
        db.session.scalars(
            select(Solution)
            .where(
                Solution.challenge_id == duplicate.challenge_id,
                Solution.status == "published",
                Solution.id != duplicate.id,
            )
            .order_by(func.lower(Solution.title), Solution.id)
        )
    )


def possible_duplicates(solution: Solution, limit: int = 5) -> list[Hit]:
    """The challenge's other visible solutions whose words match this one's title: the search the proposal
    form's hint uses, in one statement."""
    hits = similar_solutions(solution.challenge.slug, solution.title, limit + 1)
    return [hit for hit in hits if hit.solution_id != solution.id][:limit]


@dataclass(frozen=True)
class MergeStatement:
    """What the author of a duplicate merged into this solution reads: the decision, and its appeal."""

    solution_id: int
    title: str
    decision: ModerationAction
    appeal: object
    may_appeal: bool


def merge_statements(user: User, survivor: Solution) -> list[MergeStatement]:
    """The merges into `survivor` of solutions the reader authored; since a merge makes them its co-authors,
    only its authors are asked (one statement)."""
    if not user.is_authenticated or not survivor.is_authored_by(user.id):
        return []
    rows = db.session.execute(
        select(ModerationAction, Solution.id, Solution.title)
        .join(Solution, Solution.id == ModerationAction.solution_id)
        .where(
            Solution.merged_into_id == survivor.id,
            ModerationAction.action == "merge",
            Solution.authored_by(user.id),
        )
        .order_by(ModerationAction.id)
    ).all()
    return [
        MergeStatement(solution_id, title, decision, appeal_of(decision), can_appeal(user, decision))
        for decision, solution_id, title in rows
    ]


def check_merge(actor: User, duplicate: Solution, survivor_id: int | None, reason: str) -> Solution:
    """The survivor, once the actor may merge the duplicate into it with this reason (else a refusal)."""
    refuse_unless_allowed(refusal_to_merge(actor, duplicate))
    survivor = db.session.get(Solution, survivor_id) if survivor_id else None
    if survivor is None or survivor.challenge_id != duplicate.challenge_id or survivor.id == duplicate.id:
        raise InvalidInput(_("Scegli un'altra soluzione della stessa sfida."), field="into")
    if not survivor.is_published:
        raise InvalidInput(_("Si può unire solo a una soluzione pubblicata."), field="into")
    if survivor.is_authored_by(actor.id):
        raise InvalidInput(_("Non puoi unire un'altra soluzione a una tua: lo decide un'altra persona."), field="into")
    if not reason.strip():
        raise InvalidInput(_("Spiega perché le soluzioni sono duplicate: lo leggeranno gli autori."), field="reason")
    return survivor


def merge_solutions(actor: User, duplicate: Solution, survivor_id: int | None, reason: str) -> Solution:
    """Merge the duplicate into the survivor; returns the survivor."""
    check_merge(actor, duplicate, survivor_id, reason)
    assert survivor_id is not None
    for attempt in range(MAX_ATTEMPTS):
        try:
            return _merge(actor, duplicate.id, survivor_id, reason.strip())
        except OperationalError as error:
            db.session.rollback()
            if not is_deadlock(error) or attempt == MAX_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _locked(duplicate_id: int, survivor_id: int) -> tuple[Solution, Solution]:
    """Both rows, locked in id order and read again under the lock."""
    rows = db.session.scalars(
        select(Solution)
        .where(Solution.id.in_((duplicate_id, survivor_id)))
        .order_by(Solution.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    by_id = {row.id: row for row in rows}
    return by_id[duplicate_id], by_id[survivor_id]


def _merge(actor: User, duplicate_id: int, survivor_id: int, reason: str) -> Solution:
    duplicate, survivor = _locked(duplicate_id, survivor_id)
    check_merge(actor, duplicate, survivor.id, reason)  # again: either may have changed before the lock
    survivor_authors, duplicate_authors = survivor.author_ids, duplicate.author_ids
    duplicate_score, survivor_score = duplicate.score, survivor.score
    _combine_votes(duplicate.id, survivor.id, survivor_authors, duplicate_authors)
    db.session.execute(update(Comment).where(Comment.solution_id == duplicate.id).values(solution_id=survivor.id))
    _move_follows(duplicate.id, survivor.id, {*survivor_authors, *duplicate_authors})
    for user_id in duplicate_authors:
        if user_id not in survivor_authors:
            survivor.coauthors.append(SolutionCoauthor(user_id=user_id, added_at=utcnow()))
    _move_attachments(duplicate.id, survivor.id)
    close_flags(duplicate, "resolved")  # the reports were about a text that no longer shows
    _recount_votes(survivor)
    survivor.comment_count += duplicate.comment_count
    duplicate.status, duplicate.merged_into_id, duplicate.updated_at = "merged", survivor.id, utcnow()
    duplicate.votes_up = duplicate.votes_down = duplicate.comment_count = 0
    duplicate.wilson_score = duplicate.hot_score = 0.0
    counters.solution_merged(duplicate, duplicate_score, survivor, survivor_score)
    _tell(actor, duplicate, survivor, survivor_authors, duplicate_authors, reason)
    db.session.commit()
    return survivor


def _combine_votes(duplicate_id: int, survivor_id: int, survivor_authors: list[int], duplicate_authors: list[int]):
    """One vote per account on the survivor, as the module's rule says; the duplicate keeps none."""
    on_survivor = select(SolutionVote.user_id).where(SolutionVote.solution_id == survivor_id)
    db.session.execute(
        delete(SolutionVote).where(
            SolutionVote.solution_id == duplicate_id,
            or_(SolutionVote.user_id.in_(on_survivor), SolutionVote.user_id.in_(survivor_authors)),
        )
    )
    db.session.execute(
        delete(SolutionVote).where(SolutionVote.solution_id == survivor_id, SolutionVote.user_id.in_(duplicate_authors))
    )
    # The moved votes keep when they were cast: the hot score weighs them by that moment.
    db.session.execute(
        update(SolutionVote).where(SolutionVote.solution_id == duplicate_id).values(solution_id=survivor_id)
    )


def _recount_votes(survivor: Solution) -> None:
    """The survivor's counts and ranking keys from its vote rows, computed as `flask recount` does."""
    up, down = vote_totals(SolutionVote, SolutionVote.solution_id, SolutionVote.solution_id == survivor.id).get(
        survivor.id, (0, 0)
    )
    survivor.votes_up, survivor.votes_down = up, down
    survivor.wilson_score = wilson_lower_bound(up, down)
    survivor.hot_score = hot_scores(SolutionVote.solution_id == survivor.id).get(survivor.id, 0.0)


def _move_follows(duplicate_id: int, survivor_id: int, authors: set[int]) -> None:
    """The duplicate's followers follow the survivor (authors hear of it without a row)."""
    following = select(SolutionFollow.user_id).where(SolutionFollow.solution_id == survivor_id)
    movers = select(SolutionFollow.user_id, literal(survivor_id), SolutionFollow.created_at).where(
        SolutionFollow.solution_id == duplicate_id,
        SolutionFollow.user_id.not_in(following),
        SolutionFollow.user_id.not_in(authors),
    )
    db.session.execute(insert(SolutionFollow).from_select(["user_id", "solution_id", "created_at"], movers))
    db.session.execute(delete(SolutionFollow).where(SolutionFollow.solution_id == duplicate_id))


def _move_attachments(duplicate_id: int, survivor_id: int) -> None:
    """The duplicate's files join the survivor's, in their order, while ATTACHMENTS_PER_ITEM allows;
    the rest stay with the stub, where its authors still find them in their export."""
    held = (
        db.session.scalar(select(func.count()).select_from(Attachment).where(Attachment.solution_id == survivor_id))
        or 0
    )
    last = db.session.scalar(select(func.max(Attachment.position)).where(Attachment.solution_id == survivor_id))
    room = max(0, current_app.config["ATTACHMENTS_PER_ITEM"] - held)
    moving = db.session.scalars(
        select(Attachment)
        .where(Attachment.solution_id == duplicate_id)
        .order_by(Attachment.position, Attachment.id)
        .limit(room)
    ).all()
    for offset, attachment in enumerate(moving, start=1):
        attachment.solution_id, attachment.position = survivor_id, (last or 0) + offset


def _tell(
    actor: User,
    duplicate: Solution,
    survivor: Solution,
    survivor_authors: list[int],
    duplicate_authors: list[int],
    reason: str,
) -> None:
    """The moderation and audit logs (an appealable decision about the duplicate), and the notices:
    its authors read the decision, the survivor's authors and the followers of both hear of the merge."""
    row = log_action(actor, "merge", reason, duplicate)
    people = {
        user.id: user
        for user in db.session.scalars(select(User).where(User.id.in_([*survivor_authors, *duplicate_authors])))
    }
    for user_id in duplicate_authors:
        notifications.notify(people[user_id], "moderation", duplicate.title, duplicate.id, action=row)
    for user_id in survivor_authors:
        notifications.notify(people[user_id], "follow_status", survivor.title, survivor.id, action=row)
    notifications.notify_solution_followers(survivor, "follow_status", action=row)
