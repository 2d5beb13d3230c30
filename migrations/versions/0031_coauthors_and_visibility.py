"""co-authors of solutions; a challenge's visibility and its invited participants

Revision ID: 0031_coauthors_and_visibility
Revises: 0030_meetings
Create Date: 2026-12-06 00:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0031_coauthors_and_visibility"
down_revision = "0030_meetings"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "solution_coauthors",
        sa.Column("solution_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["solution_id"],
            ["solutions.id"],
            name=op.f("fk_solution_coauthors_solution_id_solutions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_solution_coauthors_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("solution_id", "user_id", name=op.f("pk_solution_coauthors")),
    )
    with op.batch_alter_table("solution_coauthors") as batch:
        batch.create_index(batch.f("ix_solution_coauthors_user_id"), ["user_id"], unique=False)
    # A column constraint, so that SQLite adds and drops the column in place, without rebuilding the
    # table (a rebuild would lose its search triggers).
    op.execute(
        "ALTER TABLE challenges ADD COLUMN visibility VARCHAR(16) DEFAULT 'public' NOT NULL"
        " CONSTRAINT ck_challenges_visibility_known CHECK (visibility IN ('public', 'invited', 'internal'))"
    )
    op.create_table(
        "challenge_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("invited_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_participants_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_challenge_participants_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_challenge_participants_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_participants")),
        sa.UniqueConstraint("challenge_id", "email", name=op.f("uq_challenge_participants_challenge_id")),
    )
    with op.batch_alter_table("challenge_participants") as batch:
        batch.create_index(batch.f("ix_challenge_participants_challenge_id"), ["challenge_id"], unique=False)
        batch.create_index(batch.f("ix_challenge_participants_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("challenge_participants") as batch:
        batch.drop_index(batch.f("ix_challenge_participants_user_id"))
        batch.drop_index(batch.f("ix_challenge_participants_challenge_id"))
    op.drop_table("challenge_participants")
    op.execute("ALTER TABLE challenges DROP COLUMN visibility")
    with op.batch_alter_table("solution_coauthors") as batch:
        batch.drop_index(batch.f("ix_solution_coauthors_user_id"))
    op.drop_table("solution_coauthors")
