"""period indexes: the oldest solution and comment of a sliding period, read from an index

Revision ID: 0036_period_indexes
Revises: 0035_coauthor_invitations
Create Date: 2026-12-06 03:40:00
"""

from alembic import op

revision = "0036_period_indexes"
down_revision = "0035_coauthor_invitations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_solutions_created", "solutions", ["created_at"])
    op.create_index("ix_comments_created", "comments", ["created_at"])


def downgrade():
    op.drop_index("ix_comments_created", table_name="comments")
    op.drop_index("ix_solutions_created", table_name="solutions")
