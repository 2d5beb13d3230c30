"""Reference data created by a migration: the three strategy axes and the 17 SDGs."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import Base


class Theme(Base):
    """An axis of the Emilia-Romagna sustainable-development strategy."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name_it: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))


class Sdg(Base):
    """One of the 17 UN Sustainable Development Goals."""

    __tablename__ = "sdgs"

    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name_it: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
