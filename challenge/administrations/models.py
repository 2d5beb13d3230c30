"""Public bodies that publish challenges."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from ..core.extensions import Base
from ..core.model_helpers import utcnow

if TYPE_CHECKING:
    from ..account.models import User

# Code -> label (Italian, translated when shown); the order is the one users know from PRODUCT.md.
ADMINISTRATION_KINDS: dict[str, LazyString] = {
    "region": _l("Regione"),
    "province": _l("Provincia"),
    "metropolitan_city": _l("Città metropolitana"),
    "municipality": _l("Comune"),
    "union_of_municipalities": _l("Unione di comuni"),
    "ministry": _l("Ministero"),
    "agency": _l("Agenzia"),
    "health_authority": _l("Azienda sanitaria"),
    "university": _l("Università"),
    "other": _l("Altro"),
}


class Administration(Base):
    __tablename__ = "administrations"
    __table_args__ = (
        CheckConstraint(
            "kind IN (" + ", ".join(f"'{kind}'" for kind in ADMINISTRATION_KINDS) + ")",
            name="kind_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    region_code: Mapped[str] = mapped_column(String(2), index=True)
    ipa_code: Mapped[str] = mapped_column(String(20), default="")  # the body's code in the IPA index
    website: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(254), default="")  # public contact address
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown
    description_html: Mapped[str] = mapped_column(Text, default="")  # rendered and sanitised at write time
    # The sites allowed to frame its challenges' embed pages: normalised https origins, one a line.
    embed_origins: Mapped[str] = mapped_column(Text, default="")
    # Visible solutions and comments on its public challenges, kept by services.
    solution_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    staff: WriteOnlyMapped[User] = relationship(back_populates="administration")

    @property
    def kind_label(self) -> LazyString:
        """The Italian name of the kind of body."""
        return ADMINISTRATION_KINDS[self.kind]

    def __repr__(self) -> str:
        return f"<Administration {self.slug}>"
