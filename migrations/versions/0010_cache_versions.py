"""cache versions: one row per shard of a cache scope

Revision ID: 0010_cache_versions
Revises: 0009_threads
Create Date: 2026-12-01 08:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0010_cache_versions'
down_revision = '0009_threads'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cache_versions',
    sa.Column('scope', sa.String(length=200), nullable=False),
    sa.Column('shard', sa.SmallInteger(), autoincrement=False, nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'shard', name=op.f('pk_cache_versions'))
    )


def downgrade():
    op.drop_table('cache_versions')
