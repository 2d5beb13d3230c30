"""What an embed page shows, and which sites may frame it."""

from __future__ import annotations

from sqlalchemy import select

from ..core.extensions import db
from ..models import Administration, Challenge, Solution
from ..solutions.service import solutions_of

EMBEDDED_SOLUTIONS = 5


def best_solutions(challenge: Challenge) -> list[Solution]:
    """The challenge's best solutions, in the order its page's "best" sort gives."""
    return list(db.session.scalars(solutions_of(challenge, "best").limit(EMBEDDED_SOLUTIONS)))


def embed_origins_of(slug: str) -> list[str]:
    """The origins the challenge's administration lets frame its embed page (none for an unknown slug)."""
    stored = db.session.scalar(
        select(Administration.embed_origins)
        .join(Challenge, Challenge.administration_id == Administration.id)
        .where(Challenge.slug == slug)
    )
    return (stored or "").split()
