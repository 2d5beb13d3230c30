"""Evaluating a challenge: criteria, evaluators, their private scores and notes, awards, follow-through."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..account.models import User
from ..core.extensions import Base
from ..core.model_helpers import utcnow
from ..solutions.models import Solution

# The default criteria (name, description) a challenge gets when its staff set none.
DEFAULT_CRITERIA: tuple[tuple[LazyString, LazyString], ...] = (
    (_l("Impatto"), _l("Quanto la soluzione migliora il servizio o il territorio, e per quante persone.")),
    (_l("Fattibilità"), _l("Quanto è realistico realizzarla con le risorse e i tempi dell'amministrazione.")),
    (_l("Costi"), _l("Quanto costa rispetto ai benefici attesi.")),
    (_l("Innovazione"), _l("Quanto è nuova rispetto a ciò che già si fa.")),
    (_l("Sostenibilità"), _l("Effetti ambientali, sociali ed economici nel tempo.")),
)

AWARD_PLACES: dict[str, LazyString] = {
    "1": _l("Primo posto"),
    "2": _l("Secondo posto"),
    "3": _l("Terzo posto"),
    "mention": _l("Menzione"),
}
MILESTONE_STATUSES: dict[str, LazyString] = {
    "planned": _l("Prevista"),
    "in_progress": _l("In corso"),
    "done": _l("Completata"),
}


class EvaluationCriterion(Base):
    __tablename__ = "evaluation_criteria"
    __table_args__ = (CheckConstraint("weight BETWEEN 1 AND 100", name="weight_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(String(500), default="")
    weight: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Evaluator(Base):
    """Someone who scores a challenge's solutions: its administration's staff, or a juror invited by email.

    `user_id` is None while an invited juror has no account yet; accepting the invitation fills it."""

    __tablename__ = "evaluators"
    __table_args__ = (UniqueConstraint("challenge_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User | None] = relationship()


class EvaluationScore(Base):
    """One evaluator's score of one solution on one criterion: private to the challenge's staff."""

    __tablename__ = "evaluation_scores"
    __table_args__ = (
        UniqueConstraint("evaluator_id", "solution_id", "criterion_id"),
        CheckConstraint("value BETWEEN 1 AND 5", name="value_range"),
        Index("ix_evaluation_scores_solution", "solution_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluator_id: Mapped[int] = mapped_column(ForeignKey("evaluators.id", ondelete="CASCADE"))
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("evaluation_criteria.id", ondelete="CASCADE"), index=True)
    value: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class EvaluationNote(Base):
    """An evaluator's private note on a solution."""

    __tablename__ = "evaluation_notes"
    __table_args__ = (UniqueConstraint("evaluator_id", "solution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluator_id: Mapped[int] = mapped_column(ForeignKey("evaluators.id", ondelete="CASCADE"))
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Award(Base):
    """A winner chosen by the staff, with a public motivation; public once the challenge is closed."""

    __tablename__ = "awards"
    __table_args__ = (CheckConstraint("place IN ('1', '2', '3', 'mention')", name="place_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), unique=True)
    place: Mapped[str] = mapped_column(String(8))
    motivation: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    solution: Mapped[Solution] = relationship()

    @property
    def place_label(self) -> LazyString:
        return AWARD_PLACES[self.place]


class Milestone(Base):
    """A step of putting a winning or accepted solution into practice, shown on its page."""

    __tablename__ = "milestones"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'in_progress', 'done')", name="status_known"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        Index("ix_milestones_solution_due", "solution_id", "due_on"),
        Index("ix_milestones_status_completed", "status", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default="planned")
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    progress: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]  # when it was last marked done; the leaderboard counts these

    @property
    def status_label(self) -> LazyString:
        return MILESTONE_STATUSES[self.status]
