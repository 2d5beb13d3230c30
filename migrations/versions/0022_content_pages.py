"""content pages, and the full text of each published legal version

Revision ID: 0022_content_pages
Revises: 0021_outbox
Create Date: 2026-12-05 21:40:00

Versions published before this one keep an empty text: the pages say it was not kept.
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_content_pages"
down_revision = "0021_outbox"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("legal_versions") as batch:
        batch.add_column(sa.Column("body", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "content_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("is_in_footer", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_pages")),
        sa.UniqueConstraint("slug", name=op.f("uq_content_pages_slug")),
    )
    op.create_table(
        "content_page_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["page_id"],
            ["content_pages.id"],
            name=op.f("fk_content_page_versions_page_id_content_pages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_id"],
            ["users.id"],
            name=op.f("fk_content_page_versions_saved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_page_versions")),
    )
    with op.batch_alter_table("content_page_versions") as batch:
        batch.create_index(batch.f("ix_content_page_versions_page_id"), ["page_id"], unique=False)
        batch.create_index(batch.f("ix_content_page_versions_saved_by_id"), ["saved_by_id"], unique=False)


def downgrade():
    op.drop_table("content_page_versions")
    op.drop_table("content_pages")
    with op.batch_alter_table("legal_versions") as batch:
        batch.drop_column("body")
