"""The personal area: what the person wrote, follows, evaluates and appealed, each list newest first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..core.extensions import db
from ..core.visibility import challenges_visible_to
from ..models import Appeal, Challenge, Comment, Evaluator, Follow, Solution, SolutionFollow, User

PREVIEW_SIZE = 5  # rows of each list on the overview; "show all" pages through the rest
# Followed solutions the follower may still open: a hidden one comes back to the list if it is restored.
READABLE_STATUSES = ("published", "withdrawn")


def _statements(user: User) -> dict[str, Select]:
    """Each section of the personal area as one query of whole rows, with what its list shows loaded."""
    return {
        "solutions": select(Solution)  # in every state: the list shows each one's
        .options(joinedload(Solution.challenge))
        .where(Solution.authored_by(user.id))
        .order_by(Solution.created_at.desc(), Solution.id.desc()),
        "comments": select(Comment)  # the list names each one's solution where the person may still see it
        .options(joinedload(Comment.solution).joinedload(Solution.challenge))
        .where(Comment.author_id == user.id)
        .order_by(Comment.created_at.desc(), Comment.id.desc()),
        "followed_challenges": select(Challenge)
        .join(Follow, Follow.challenge_id == Challenge.id)
        .where(Follow.user_id == user.id, Challenge.status != "draft", challenges_visible_to(user))
        .order_by(Follow.created_at.desc(), Challenge.id.desc()),
        "followed_solutions": select(Solution)
        .join(SolutionFollow, SolutionFollow.solution_id == Solution.id)
        .options(joinedload(Solution.challenge))
        .where(SolutionFollow.user_id == user.id, Solution.status.in_(READABLE_STATUSES))
        .order_by(SolutionFollow.created_at.desc(), Solution.id.desc()),
        # Challenges not everyone sees, that this reader does (invited to, or of their administration): this
        # page is theirs alone, never cached, as the shared lists stay public-only.
        "private_challenges": select(Challenge)
        .where(Challenge.visibility != "public", Challenge.status != "draft", challenges_visible_to(user))
        .order_by(Challenge.created_at.desc(), Challenge.id.desc()),
        "evaluations": select(Challenge)
        .join(Evaluator, Evaluator.challenge_id == Challenge.id)
        .where(Evaluator.user_id == user.id, Challenge.status != "draft", challenges_visible_to(user))
        .order_by(Evaluator.created_at.desc(), Challenge.id.desc()),
        "appeals": select(Appeal)
        .options(joinedload(Appeal.decision))
        .where(Appeal.appellant_id == user.id)
        .order_by(Appeal.created_at.desc(), Appeal.id.desc()),
    }


@dataclass(frozen=True)
class Section:
    """The first rows of one list, and whether there are more than those."""

    key: str
    items: list
    has_more: bool


def overview(user: User, size: int) -> list[Section]:
    """Every section's newest `size` rows: one query each, however many rows the person has."""
    sections = []
    for key, statement in _statements(user).items():
        rows = list(db.session.scalars(statement.limit(size + 1)))  # the extra row says more exist
        sections.append(Section(key, rows[:size], len(rows) > size))
    return sections


def section_query(user: User, key: str) -> Select:
    """The whole of one section, for a page of its own; KeyError for a section that does not exist."""
    return _statements(user)[key]
