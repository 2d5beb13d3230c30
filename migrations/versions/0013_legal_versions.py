"""legal versions: the published versions of the terms of use and of the privacy notice

Revision ID: 0013_legal_versions
Revises: 0012_accounts
Create Date: 2026-12-01 09:30:00

The newest row of each document is the version in force; with no row, the TERMS_VERSION and
PRIVACY_VERSION settings still are, so existing installations see no change until an admin publishes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_legal_versions"
down_revision = "0012_accounts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "legal_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document", sa.String(length=16), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("document IN ('terms', 'privacy')", name=op.f("ck_legal_versions_document_known")),
        sa.ForeignKeyConstraint(
            ["published_by_id"], ["users.id"], name=op.f("fk_legal_versions_published_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_versions")),
        sa.UniqueConstraint("document", "version", name=op.f("uq_legal_versions_document")),
    )
    with op.batch_alter_table("legal_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_legal_versions_published_by_id"), ["published_by_id"], unique=False)


def downgrade():
    with op.batch_alter_table("legal_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_versions_published_by_id"))
    op.drop_table("legal_versions")
