"""cache identity: a random number that tells this database from any other, and from its own restores

Revision ID: 0018_cache_identity
Revises: 0017_search
Create Date: 2026-12-02 09:00:00

One row of cache_versions (scope "database", shard 0) with a random version: every cached entry
records it, so entries computed on another database are never served here (challenge/cache/identity.py).
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0018_cache_identity"
down_revision = "0017_search"
branch_labels = None
depends_on = None

versions = sa.table(
    "cache_versions",
    sa.column("scope", sa.String),
    sa.column("shard", sa.SmallInteger),
    sa.column("version", sa.BigInteger),
)


def upgrade():
    op.execute(versions.delete().where(versions.c.scope == "database"))
    op.execute(versions.insert().values(scope="database", shard=0, version=secrets.randbits(62) + 1))


def downgrade():
    op.execute(versions.delete().where(versions.c.scope == "database"))
