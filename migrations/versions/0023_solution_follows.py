"""solution follows: anyone may follow one solution to hear of its comments, response and status

Revision ID: 0023_solution_follows
Revises: 0022_content_pages
Create Date: 2026-12-05 21:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_solution_follows"
down_revision = "0022_content_pages"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "solution_follows",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("solution_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["solution_id"], ["solutions.id"], name=op.f("fk_solution_follows_solution_id_solutions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_solution_follows_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "solution_id", name=op.f("pk_solution_follows")),
    )
    with op.batch_alter_table("solution_follows") as batch:
        batch.create_index(batch.f("ix_solution_follows_solution_id"), ["solution_id"], unique=False)


def downgrade():
    with op.batch_alter_table("solution_follows") as batch:
        batch.drop_index(batch.f("ix_solution_follows_solution_id"))
    op.drop_table("solution_follows")
