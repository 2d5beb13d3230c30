"""Administrations and territorial labs as the directory pages show them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..core.extensions import db
from ..models import Administration, Challenge, Lab


@dataclass(frozen=True)
class AdministrationRow:
    administration: Administration
    challenge_count: int
    solution_count: int


def administration_rows(kind: str | None = None, region: str | None = None) -> list[AdministrationRow]:
    """Administrations by name, with their public challenges and the solutions those received."""
    public = Challenge.is_public
    statement = (
        select(
            Administration,
            func.count(Challenge.id).filter(public),
            func.coalesce(func.sum(Challenge.solution_count).filter(public), 0),
        )
        .outerjoin(Challenge, Challenge.administration_id == Administration.id)
        .group_by(Administration.id)
        .order_by(func.lower(Administration.name), Administration.id)  # "comune di X" among the "Comune di"s
    )
    if kind:
        statement = statement.where(Administration.kind == kind)
    if region:
        statement = statement.where(Administration.region_code == region)
    return [AdministrationRow(*row) for row in db.session.execute(statement)]


def labs_with_partners() -> list[Lab]:
    """Every lab with coordinator, themes and partners, by name."""
    return list(
        db.session.scalars(
            select(Lab)
            .options(joinedload(Lab.coordinator), selectinload(Lab.themes), selectinload(Lab.partners))
            .order_by(func.lower(Lab.name), Lab.id)
        )
    )


def find_lab(slug: str) -> Lab | None:
    """The lab with this slug and everything its page shows."""
    return db.session.scalar(
        select(Lab)
        .options(joinedload(Lab.coordinator), selectinload(Lab.themes), selectinload(Lab.partners))
        .where(Lab.slug == slug)
    )
