"""The database's identity, checked with every cached entry like a scope's version.

It is one row of `cache_versions` (scope "database") holding a random number: the migration that
creates the schema draws it, `flask recount` (which the restore procedure runs) draws a new one,
and nothing else writes it. A cache entry computed on another database, or on this one before a
restore, records another identity and is never served, even when the restored version counters
climb back to the numbers it recorded.
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from ..models import CacheVersion

DATABASE = "database"


def new_identity() -> int:
    """A random positive 62-bit number (a BIGINT column holds it)."""
    return secrets.randbits(62) + 1


def renew(session: Session) -> None:
    """Give the database a new identity, in the session's transaction."""
    session.execute(delete(CacheVersion).where(CacheVersion.scope == DATABASE))
    session.execute(insert(CacheVersion).values(scope=DATABASE, shard=0, version=new_identity()))
