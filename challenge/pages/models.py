"""Content pages written by admins, and every version saved of each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from ..account.models import User
from ..core.extensions import Base
from ..core.model_helpers import utcnow


class ContentPage(Base):
    """A page such as "Come funziona": its current title and text, and whether the footer links it."""

    __tablename__ = "content_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # Markdown; a copy of the newest version's
    is_in_footer: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: WriteOnlyMapped[ContentPageVersion] = relationship(
        back_populates="page", cascade="all, delete-orphan", passive_deletes=True
    )


class ContentPageVersion(Base):
    """One save of a page: rows are only added, so every text the page has had stays readable."""

    __tablename__ = "content_page_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("content_pages.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(  # None: the command line (seed-demo)
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    page: Mapped[ContentPage] = relationship(back_populates="versions")
    saved_by: Mapped[User | None] = relationship()
