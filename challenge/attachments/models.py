"""Files attached to challenges and solutions: documents, images and a challenge's cover."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import Base
from ..core.model_helpers import utcnow
from ..text.slugs import slugify
from .filetypes import EXTENSIONS

# What each rendition format is served as.
RENDITION_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}

ATTACHMENT_ROLES: dict[str, LazyString] = {
    "document": _l("Documento"),
    "image": _l("Immagine"),
    "cover": _l("Copertina"),
}


class Attachment(Base):
    """One file of a challenge or of a solution. Rows are added and removed, never changed.

    The bytes live in the storage under their SHA-256 (challenge/attachments/storage.py): a document
    as it was uploaded, an image only as the renditions written again without its metadata.
    """

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint("(challenge_id IS NULL) <> (solution_id IS NULL)", name="exactly_one_item"),
        CheckConstraint("role IN ('document', 'image', 'cover')", name="role_known"),
        Index("ix_attachments_challenge_position", "challenge_id", "position"),
        Index("ix_attachments_solution_position", "solution_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    solution_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    alt: Mapped[str] = mapped_column(String(500), default="")
    is_decorative: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    media_type: Mapped[str] = mapped_column(String(100))
    byte_count: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64), index=True)  # SHA-256 of the bytes uploaded
    original_filename: Mapped[str] = mapped_column(String(255))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Images: the size after orientation, and [{"width", "height", "format", "key", "bytes"}] per rendition.
    width: Mapped[int | None]
    height: Mapped[int | None]
    renditions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    @property
    def is_image(self) -> bool:
        return self.role in ("image", "cover")

    @property
    def storage_keys(self) -> list[str]:
        """The stored objects this row points at."""
        return [rendition["key"] for rendition in self.renditions] if self.is_image else [self.content_hash]

    def rendition(self, width: int, fmt: str) -> dict[str, Any] | None:
        """The rendition of that width and format, or None."""
        return next((r for r in self.renditions if r["width"] == width and r["format"] == fmt), None)

    @property
    def largest(self) -> dict[str, Any]:
        """The widest rendition in the image's own format (what the file's own address serves)."""
        own = [r for r in self.renditions if r["format"] != "webp"] or self.renditions
        return max(own, key=lambda r: r["width"])

    @property
    def served_media_type(self) -> str:
        """The type of what the file's own address sends: an image's largest rendition, or the document."""
        return RENDITION_TYPES[self.largest["format"]] if self.is_image else self.media_type

    @property
    def served_bytes(self) -> int:
        return self.largest["bytes"] if self.is_image else self.byte_count

    @property
    def download_name(self) -> str:
        """The last part of the file's address, and the name a download is saved under."""
        extension = self.largest["format"] if self.is_image else EXTENSIONS.get(self.media_type, "bin")
        return f"{slugify(self.title) or 'allegato'}.{extension}"

    @property
    def version(self) -> str:
        """The start of the content's hash, in every address of the file: a new file has a new address."""
        return self.content_hash[:16]

    def __repr__(self) -> str:
        return f"<Attachment {self.id}>"
