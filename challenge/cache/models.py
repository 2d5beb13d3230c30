"""Version numbers of what the shared cache holds, where every app process sees them."""

from __future__ import annotations

from sqlalchemy import BigInteger, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import Base


class CacheVersion(Base):
    """One shard of a scope's version ("solution:12", "challenge:<slug>", "votes", ...).

    A scope's version is the sum of its shards. Each write bumps one shard chosen at
    random, so writes to a busy scope (every vote bumps "votes") rarely wait on each
    other's row lock, while a reader still sees every bump.
    """

    __tablename__ = "cache_versions"

    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    shard: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
