"""bounded comment threads: indexes for the solution page's top-level comments, oldest/newest and best

Revision ID: 0009_threads
Revises: 0008_notification_targets
Create Date: 2026-12-01 08:00:00

Partial indexes over top-level comments (parent_id IS NULL), one per order the solution page
offers, so that a page of 20 comments reads 21 index entries whatever the solution's size.
"Best" is net votes, then more +1 votes, then the earlier comment (services.comments.COMMENT_SORTS).
"""
from alembic import op
import sqlalchemy as sa

revision = '0009_threads'
down_revision = '0008_notification_targets'
branch_labels = None
depends_on = None

TOP_LEVEL = {"sqlite_where": sa.text("parent_id IS NULL"), "postgresql_where": sa.text("parent_id IS NULL")}


def upgrade():
    op.create_index("ix_comments_top_created", "comments", ["solution_id", "created_at", "id"], **TOP_LEVEL)
    op.create_index(
        "ix_comments_top_best",
        "comments",
        ["solution_id", sa.text("(votes_up - votes_down) DESC"), sa.text("votes_up DESC"), "created_at", "id"],
        **TOP_LEVEL,
    )


def downgrade():
    op.drop_index("ix_comments_top_best", table_name="comments")
    op.drop_index("ix_comments_top_created", table_name="comments")
