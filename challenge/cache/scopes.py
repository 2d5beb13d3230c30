"""What a transaction changes for the shared cache, derived from the session, and the versions.

Cached values and pages depend on scopes:

- `solution:<id>`: one solution's page (its text, counts, comments, official response);
- `challenge:<slug>`: one challenge's page (its solution list, orderings and statistics);
- `administration:<slug>`: one administration's page (its challenges and their counts);
- `content`: what is published across the site (lists, totals, most proactive, feeds);
- `votes`: what vote counts decide across the site (best-voted, hot, top contributors);
- `published`: which solutions and official responses are published (the most proactive
  administrations count them: neither votes nor comments change that costly aggregate);
- `generation`: everything; rare writes (a challenge's text or status, a renamed or erased
  account, administrations, labs) and `recount` bump it.

Nobody names scopes by hand: the session's flushes and bulk UPDATE/DELETE statements are
watched, each changed row is turned into the scopes that show it (a vote on a solution is
that solution, its challenge and `votes`; nothing else), and just before the transaction
commits their versions are bumped in the `cache_versions` table (`versions.py`), in the same transaction.
So the bump is exactly as durable as the write, and every process's next reader sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql.expression import UpdateBase

from ..models import (
    Administration,
    Appeal,
    AuditEntry,
    AuthSession,
    CacheVersion,
    Challenge,
    ChallengeMessage,
    CoauthorInvitation,
    Comment,
    CommentRevision,
    CommentVote,
    EmailDigest,
    EmailPreference,
    EvaluationCriterion,
    EvaluationNote,
    EvaluationScore,
    Evaluator,
    Flag,
    Follow,
    Invitation,
    MeetingRegistration,
    Milestone,
    ModerationAction,
    Notification,
    OfficialResponse,
    OfficialResponseRevision,
    OutboxEmail,
    Participant,
    PasswordThrottle,
    SamlRequest,
    SeenAssertion,
    Solution,
    SolutionCoauthor,
    SolutionFollow,
    SolutionRevision,
    SolutionVote,
    User,
    UserFlag,
)
from .statements import writes_of
from .versions import bump

GENERATION = "generation"
CONTENT = "content"
VOTES = "votes"
PUBLISHED = "published"
_CHANGES = "cache_changes"

VOTE_COLUMNS = frozenset({"votes_up", "votes_down", "wilson_score", "hot_score"})
COUNTER_COLUMNS = frozenset({"solution_count", "comment_count"})
# The columns of a solution that decide whether and when it counts as published.
PUBLISHING_COLUMNS = frozenset({"status", "created_at", "challenge_id"})
# What shows of an account beside its contributions (name, organisation or administration it speaks
# for, badge, link to its profile).
SHOWN_USER_COLUMNS = frozenset(
    {"name", "deleted_at", "kind", "organisation_name", "profile_public", "role", "administration_id"}
)
# Moderation bookkeeping that no shared page shows.
UNSHOWN_COLUMNS = frozenset({"open_flag_count"})
# Rows no shared page shows: vote rows (their counters are), follows, flags, accounts' own data.
PRIVATE_MODELS = frozenset(
    {
        Appeal,
        AuditEntry,
        AuthSession,
        CacheVersion,
        ChallengeMessage,  # shown only to the challenge's staff and to the people it reached
        CoauthorInvitation,  # pending invitations show only to a solution's authors, in their own page
        CommentRevision,  # earlier texts of edited comments: moderators read them in their own part
        CommentVote,
        EmailDigest,
        EmailPreference,
        EvaluationNote,  # evaluation (issue 18): scores, notes and who evaluates stay with the staff
        EvaluationScore,
        Evaluator,
        Flag,
        Follow,
        Invitation,
        MeetingRegistration,  # shared pages show meetings, not who registered (a new meeting is a rare write)
        ModerationAction,
        Notification,
        OutboxEmail,
        Participant,  # who may see a private challenge: shared pages show public challenges only
        PasswordThrottle,
        SamlRequest,
        SeenAssertion,
        SolutionFollow,
        SolutionVote,
        UserFlag,
    }
)


def solution_scope(solution_id: int) -> str:
    """The scope of one solution's page."""
    return f"solution:{solution_id}"


def challenge_scope(slug: str) -> str:
    """The scope of one challenge's page."""
    return f"challenge:{slug}"


def administration_scope(slug: str) -> str:
    """The scope of one administration's page."""
    return f"administration:{slug}"


@dataclass(frozen=True)
class Change:
    """A changed row: the object when the unit of work had it, else its id (None: unknown rows)."""

    model: type | None  # None: a table no class maps (an association table)
    row: Any = None
    row_id: int | None = None
    columns: frozenset[str] | None = None  # None: the row was added or deleted

    def load(self, session: Session) -> Any:
        """The changed row, or None when the statement did not name one."""
        if self.row is not None:
            return self.row
        return session.get(self.model, self.row_id) if self.model is not None and self.row_id is not None else None


def _slug_of_challenge(session: Session, challenge_id: int) -> str:
    return session.get_one(Challenge, challenge_id).slug


def _solution_scopes(session: Session, solution: Solution, columns: frozenset[str] | None) -> set[str]:
    scopes = {solution_scope(solution.id), challenge_scope(_slug_of_challenge(session, solution.challenge_id))}
    if columns is None or columns & VOTE_COLUMNS:
        scopes.add(VOTES)
    if columns is None or columns - VOTE_COLUMNS:
        scopes.add(CONTENT)
    if columns is None or columns & PUBLISHING_COLUMNS:
        scopes.add(PUBLISHED)
    return scopes


def _comment_scopes(session: Session, comment: Comment, columns: frozenset[str] | None) -> set[str]:
    scopes = {solution_scope(comment.solution_id)}
    if columns is None or columns & VOTE_COLUMNS:
        scopes.add(VOTES)  # the top contributors of a period count comment votes
    if columns is None or columns - VOTE_COLUMNS:
        challenge_id = session.get_one(Solution, comment.solution_id).challenge_id
        scopes |= {challenge_scope(_slug_of_challenge(session, challenge_id)), CONTENT}
    return scopes


def _challenge_scopes(session: Session, challenge: Challenge, columns: frozenset[str] | None) -> set[str]:
    if columns is None or columns - COUNTER_COLUMNS:
        return {GENERATION}  # its text, status or dates show on every page of its solutions
    administration = session.get_one(Administration, challenge.administration_id)
    return {challenge_scope(challenge.slug), administration_scope(administration.slug), CONTENT}


def _administration_scopes(
    session: Session, administration: Administration, columns: frozenset[str] | None
) -> set[str]:
    if columns is None or columns - COUNTER_COLUMNS:
        return {GENERATION}
    return {administration_scope(administration.slug), CONTENT}


def _user_scopes(columns: frozenset[str] | None) -> set[str]:
    """An account's change shows by its columns alone, whichever account it is (a vote credits its author
    by a statement that names the account only through the vote's own row)."""
    if columns is None:
        return set()  # a new account shows nowhere until it contributes (erasure changes columns)
    if columns & SHOWN_USER_COLUMNS:
        return {GENERATION}  # the name, badge and profile link show beside every contribution
    return {VOTES} if "vote_balance" in columns else set()


def _response_scopes(session: Session, response: OfficialResponse, columns: frozenset[str] | None) -> set[str]:
    challenge_id = session.get_one(Solution, response.solution_id).challenge_id
    return {
        solution_scope(response.solution_id),
        challenge_scope(_slug_of_challenge(session, challenge_id)),
        CONTENT,
        PUBLISHED,
    }


def _milestone_scopes(session: Session, milestone: Milestone, columns: frozenset[str] | None) -> set[str]:
    # The solution page's timeline; the most proactive administrations count completed milestones.
    challenge_id = session.get_one(Solution, milestone.solution_id).challenge_id
    return {
        solution_scope(milestone.solution_id),
        challenge_scope(_slug_of_challenge(session, challenge_id)),
        PUBLISHED,
    }


# What each public model's changed row means; a model in neither table invalidates everything
# (an Award does: its badge shows wherever the solution appears).
RULES: dict[type, Callable[[Session, Any, frozenset[str] | None], set[str]]] = {
    Solution: _solution_scopes,
    Comment: _comment_scopes,
    SolutionRevision: lambda session, revision, columns: {solution_scope(revision.solution_id)},
    # A co-author joins or leaves: the byline changes wherever the solution shows, as its text would.
    SolutionCoauthor: lambda session, coauthor, columns: _solution_scopes(
        session, session.get_one(Solution, coauthor.solution_id), frozenset({"author_id"})
    ),
    OfficialResponse: _response_scopes,
    OfficialResponseRevision: lambda session, revision, columns: {
        solution_scope(session.get_one(OfficialResponse, revision.response_id).solution_id)
    },
    Challenge: _challenge_scopes,
    Administration: _administration_scopes,
    # Criteria and weights show in the challenge's "Esito"; they change only before it closes.
    EvaluationCriterion: lambda session, criterion, columns: {
        challenge_scope(_slug_of_challenge(session, criterion.challenge_id))
    },
    Milestone: _milestone_scopes,
}


def scopes_of(session: Session, change: Change) -> set[str]:
    """The scopes one changed row invalidates."""
    if change.model in PRIVATE_MODELS:
        return set()
    columns = change.columns - UNSHOWN_COLUMNS if change.columns is not None else None
    if columns is not None and not columns:
        return set()
    if change.model is User:
        return _user_scopes(columns)
    rule = RULES.get(change.model) if change.model else None
    row = change.load(session) if rule else None
    if rule is None or row is None:
        return {GENERATION}
    return rule(session, row, columns)


def _changed_columns(row: Any) -> frozenset[str]:
    """Changed column attributes and many-to-many collections (one-to-many ones show as the child's FK)."""
    state = inspect(row)
    mapper = state.mapper
    names = [attribute.key for attribute in mapper.column_attrs]
    names += [relation.key for relation in mapper.relationships if relation.secondary is not None]
    return frozenset(name for name in names if state.attrs[name].history.has_changes())


def _record(session: Session, changes: Iterable[Change]) -> None:
    session.info.setdefault(_CHANGES, []).extend(changes)


def _after_flush(session: Session, flush_context) -> None:
    changes = [Change(type(row), row=row) for row in (*session.new, *session.deleted)]
    changes += [
        Change(type(row), row=row, columns=_changed_columns(row)) for row in session.dirty if session.is_modified(row)
    ]
    _record(session, changes)


def _on_statement(state: ORMExecuteState) -> None:
    """INSERT, UPDATE and DELETE statements (ORM-enabled or on a Table), which no flush reports, and
    those nested in their CTEs (one statement may insert a vote and update its solution's counters)."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    # is_update, is_delete and is_insert promise a DML statement; SQLAlchemy types it as any Executable.
    for write in writes_of(cast(UpdateBase, state.statement)):
        if write.model in PRIVATE_MODELS:  # the cache's own versions among them
            continue
        ids = write.ids(state.parameters)
        if ids is None:
            _record(state.session, [Change(write.model, columns=write.columns)])
        else:
            _record(state.session, [Change(write.model, row_id=row_id, columns=write.columns) for row_id in ids])


def _before_commit(session: Session) -> None:
    session.flush()
    scopes: set[str] = set()
    while changes := session.info.pop(_CHANGES, None):  # resolving may autoflush more
        for change in changes:
            scopes |= scopes_of(session, change)
    bump(session, scopes)


def _after_rollback(session: Session, previous_transaction) -> None:
    session.info.pop(_CHANGES, None)


def listen() -> None:
    """Watch every session (once per process)."""
    if event.contains(Session, "before_commit", _before_commit):
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _on_statement)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_soft_rollback", _after_rollback)
