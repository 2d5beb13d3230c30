"""Solutions proposed on challenges, their revisions, who follows them, and comments on them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, and_, or_, select, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..account.models import Byline, PersonRef, User
from ..challenges.models import Challenge
from ..core.extensions import Base
from ..core.model_helpers import utcnow

# States of moderated content that only its author and the moderators see.
HELD_BACK = ("hidden", "rejected", "pending")


class VotedContent:
    """What solutions and comments share: a moderation status, open flags and vote counters.

    The counters are written only by the services (voting, counters) in the same transaction
    as the rows they count.
    """

    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)  # sanitised at write time
    status: Mapped[str] = mapped_column(String(16), default="published")
    open_flag_count: Mapped[int] = mapped_column(default=0)
    votes_up: Mapped[int] = mapped_column(default=0)
    votes_down: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def awaits_moderation(self) -> bool:
        """Pre-moderated: waiting for a moderator to approve or reject it."""
        return self.status == "pending"

    @property
    def is_held_back(self) -> bool:
        """Hidden, rejected or pending: shown only to its author (with the decision) and to moderators."""
        return self.status in HELD_BACK

    @hybrid_property
    def score(self) -> int:
        """Net votes; in SQL, the expression the comment index "best" is built on."""
        return self.votes_up - self.votes_down


class Solution(VotedContent, Base):
    __tablename__ = "solutions"
    __table_args__ = (
        CheckConstraint(
            "status IN ('published', 'withdrawn', 'hidden', 'pending', 'rejected', 'merged')", name="status_known"
        ),
        Index("ix_solutions_challenge_status_created", "challenge_id", "status", "created_at"),
        Index("ix_solutions_status_created", "status", "created_at"),
        # The oldest row of a sliding period, whatever its status (leaderboards.service.window_moves_at).
        Index("ix_solutions_created", "created_at"),
        # One index per ranking, so that every ordering is an index scan.
        Index("ix_solutions_challenge_status_wilson", "challenge_id", "status", "wilson_score", "votes_up"),
        Index("ix_solutions_challenge_status_hot", "challenge_id", "status", "hot_score"),
        Index("ix_solutions_challenge_status_comments", "challenge_id", "status", "comment_count"),
        Index("ix_solutions_status_wilson", "status", "wilson_score", "votes_up"),
        Index("ix_solutions_status_hot", "status", "hot_score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    comment_count: Mapped[int] = mapped_column(default=0)  # visible comments, kept by services
    # Ranking keys, written only by services.voting in the vote's transaction.
    wilson_score: Mapped[float] = mapped_column(default=0.0)
    hot_score: Mapped[float] = mapped_column(default=0.0)
    # Its award's place ('1', '2', '3', 'mention') once its challenge is closed: written only by
    # services.evaluation when the results are published, so every list shows the badge without a query.
    award_place: Mapped[str | None] = mapped_column(String(8))
    # An author's edit waiting for a moderator on a pre-moderated challenge; the approved text stays public.
    pending_title: Mapped[str | None] = mapped_column(String(200))
    pending_body: Mapped[str | None] = mapped_column(Text)
    pending_edit_at: Mapped[datetime | None] = mapped_column(index=True)
    # A duplicate merged into another solution (status "merged": its URL leads there), and the solution
    # its authors withdrew it in favour of (solutions.merging).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id"), index=True)
    withdrawn_in_favour_of_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id"), index=True)
    # Presented as its proposer's organisation ("Ferrara in Bici APS, proposta da Marco Rossi"): the
    # proposer's choice, offered to accounts of a kind other than a person.
    as_organisation: Mapped[bool] = mapped_column(default=False, server_default="0")

    challenge: Mapped[Challenge] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    withdrawn_in_favour_of: Mapped[Solution | None] = relationship(
        foreign_keys=[withdrawn_in_favour_of_id], remote_side=[id]
    )
    # Loaded with every solution (one statement per list, the users joined): cards, pages and every
    # permission ask who the authors are, and a lazy load would be one query per card.
    coauthors: Mapped[list[SolutionCoauthor]] = relationship(
        order_by="(SolutionCoauthor.added_at, SolutionCoauthor.user_id)",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    @property
    def author_ids(self) -> list[int]:
        """Every author in order: the one who proposed it, then the co-authors as they joined."""
        return [self.author_id, *(coauthor.user_id for coauthor in self.coauthors)]

    def is_authored_by(self, user_id: int | None) -> bool:
        """Whether the account is one of the authors: every author holds every right of the one who proposed it."""
        return user_id is not None and user_id in self.author_ids

    @property
    def authors(self) -> list[User]:
        """Every author's account, in order (see author_ids)."""
        return [self.author, *(coauthor.user for coauthor in self.coauthors)]

    @property
    def organisation(self) -> str | None:
        """The organisation the solution is presented as: its proposer's, when they chose so."""
        return self.author.organisation if self.as_organisation else None

    @property
    def byline(self) -> Byline:
        """Its authors in order, led by the organisation it is presented as."""
        organisation = self.organisation
        people = [PersonRef.of(author) for author in self.authors]
        return Byline(people, organisation, self.author.kind if organisation else None)

    @classmethod
    def authored_by(cls, user_id: int):
        """SQL: the solutions `user_id` authors, as proposer or co-author."""
        coauthored = select(SolutionCoauthor.solution_id).where(SolutionCoauthor.user_id == user_id)
        return or_(cls.author_id == user_id, cls.id.in_(coauthored))

    @hybrid_property
    def is_listed(self) -> bool:
        """Published on a challenge past its draft: shown to whoever sees the challenge (core.visibility).

        What the challenge's own counters count, whatever its visibility; `is_visible` adds "public"."""
        return self.is_published and self.challenge.status != "draft"

    @is_listed.inplace.expression
    @classmethod
    def _is_listed_expression(cls):
        return and_(cls.status == "published", Challenge.status != "draft")

    @hybrid_property
    def is_visible(self) -> bool:
        """Public: published (so neither pending nor rejected nor hidden), on a public challenge.

        The rule every list, feed, export and count uses."""
        return self.is_published and self.challenge.is_public

    @is_visible.inplace.expression
    @classmethod
    def _is_visible_expression(cls):
        """The same rule in SQL; the query joins Challenge (see `visible_solutions()`)."""
        return and_(cls.status == "published", Challenge.is_public)

    def __repr__(self) -> str:
        return f"<Solution {self.id}>"


class SolutionCoauthor(Base):
    """An author who joined a solution after its proposer: by accepting an invitation, or by a merge."""

    __tablename__ = "solution_coauthors"

    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


class SolutionRevision(Base):
    """The text of a solution as it was before an edit."""

    __tablename__ = "solution_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)  # when that text was replaced


class SolutionFollow(Base):
    """Someone who hears of a solution's new comments, official response and status changes.

    Its author hears of them anyway (services.solutions.follows), so authors have no row here."""

    __tablename__ = "solution_follows"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    solution_id: Mapped[int] = mapped_column(
        ForeignKey("solutions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# Partial indexes over top-level comments only: replies are read through parent_id.
TOP_LEVEL: dict[str, Any] = {"sqlite_where": text("parent_id IS NULL"), "postgresql_where": text("parent_id IS NULL")}


class Comment(VotedContent, Base):
    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint("status IN ('published', 'hidden', 'deleted', 'pending', 'rejected')", name="status_known"),
        Index("ix_comments_solution_created", "solution_id", "created_at"),
        Index("ix_comments_created", "created_at"),  # as ix_solutions_created
        # The solution page's top-level comments in each order (services.comments.COMMENT_SORTS).
        Index("ix_comments_top_created", "solution_id", "created_at", "id", **TOP_LEVEL),
        Index(
            "ix_comments_top_best",
            "solution_id",
            text("(votes_up - votes_down) DESC"),
            text("votes_up DESC"),
            "created_at",
            "id",
            **TOP_LEVEL,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    # When its author last changed the text ("modificato"), and an edit waiting for a moderator on a
    # pre-moderated challenge, as for solutions: the approved text stays public meanwhile.
    edited_at: Mapped[datetime | None]
    pending_body: Mapped[str | None] = mapped_column(Text)
    pending_edit_at: Mapped[datetime | None] = mapped_column(index=True)

    solution: Mapped[Solution] = relationship()
    author: Mapped[User] = relationship()

    def is_authored_by(self, user_id: int | None) -> bool:
        """Whether the account wrote the comment (a comment keeps its single author)."""
        return user_id is not None and user_id == self.author_id

    @hybrid_property
    def is_visible(self) -> bool:
        """Public: published (not pending, rejected or hidden), on a visible solution."""
        return self.is_published and self.solution.is_visible

    @is_visible.inplace.expression
    @classmethod
    def _is_visible_expression(cls):
        """The same rule in SQL; the query joins Solution and Challenge."""
        return and_(cls.status == "published", Solution.is_visible)
