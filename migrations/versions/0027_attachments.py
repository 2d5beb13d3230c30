"""attachments: the files of challenges and solutions (issue 29)

Revision ID: 0027_attachments
Revises: 0026_challenge_notices
Create Date: 2026-12-05 21:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0027_attachments"
down_revision = "0026_challenge_notices"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=True),
        sa.Column("solution_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("alt", sa.String(length=500), nullable=False),
        sa.Column("is_decorative", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("byte_count", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("original_filename", sa.String(length=255), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("renditions", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "(challenge_id IS NULL) <> (solution_id IS NULL)", name=op.f("ck_attachments_exactly_one_item")
        ),
        sa.CheckConstraint("role IN ('document', 'image', 'cover')", name=op.f("ck_attachments_role_known")),
        sa.ForeignKeyConstraint(
            ["challenge_id"], ["challenges.id"], name=op.f("fk_attachments_challenge_id_challenges"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["solution_id"], ["solutions.id"], name=op.f("fk_attachments_solution_id_solutions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_attachments_uploaded_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    op.create_index("ix_attachments_challenge_position", "attachments", ["challenge_id", "position"])
    op.create_index("ix_attachments_solution_position", "attachments", ["solution_id", "position"])
    op.create_index(op.f("ix_attachments_content_hash"), "attachments", ["content_hash"])
    op.create_index(op.f("ix_attachments_uploaded_by_id"), "attachments", ["uploaded_by_id"])


def downgrade():
    op.drop_table("attachments")
