"""Territorial labs (laboratori territoriali) and their partners."""

from __future__ import annotations

from datetime import datetime

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..administrations.models import Administration
from ..core.extensions import Base, db
from ..core.model_helpers import utcnow
from ..core.reference_models import Theme

# Code -> label (Italian, translated when shown).
PARTNER_KINDS: dict[str, LazyString] = {
    "local_authority": _l("Ente locale"),
    "university": _l("Università"),
    "research_centre": _l("Centro di ricerca"),
    "clust_er": _l("Clust-ER"),
    "ceas": _l("CEAS"),
    "business": _l("Impresa"),
    "trade_association": _l("Associazione di categoria"),
    "other": _l("Altro"),
}

lab_themes = Table(
    "lab_themes",
    db.metadata,
    Column("lab_id", ForeignKey("labs.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id"), primary_key=True, index=True),
)


class Lab(Base):
    __tablename__ = "labs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    territory: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(String(2), index=True)
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("administrations.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    coordinator: Mapped[Administration | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=lab_themes, order_by=Theme.id)
    partners: Mapped[list[Partner]] = relationship(
        back_populates="lab", order_by="Partner.name", cascade="all, delete-orphan"
    )


class Partner(Base):
    __tablename__ = "partners"
    __table_args__ = (
        CheckConstraint("kind IN (" + ", ".join(f"'{kind}'" for kind in PARTNER_KINDS) + ")", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lab_id: Mapped[int] = mapped_column(ForeignKey("labs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    website: Mapped[str] = mapped_column(String(300), default="")

    lab: Mapped[Lab] = relationship(back_populates="partners")

    @property
    def kind_label(self) -> LazyString:
        return PARTNER_KINDS[self.kind]
