"""Lookups of reference data for forms and filters."""

from __future__ import annotations

from sqlalchemy import func, select

from ..models import Administration, Lab, Sdg, Theme
from .extensions import db


def all_themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.id)))


def all_sdgs() -> list[Sdg]:
    return list(db.session.scalars(select(Sdg).order_by(Sdg.number)))


def all_labs() -> list[Lab]:
    return list(db.session.scalars(select(Lab).order_by(func.lower(Lab.name), Lab.id)))


def all_administrations() -> list[Administration]:
    return list(db.session.scalars(select(Administration).order_by(func.lower(Administration.name), Administration.id)))
