"""notifications about a whole challenge: its evaluators are told when evaluation starts

Revision ID: 0026_challenge_notices
Revises: 0025_search_forms
Create Date: 2026-12-05 21:40:00

A notification is about a solution (as before) or about a challenge; it is about one of them at least.
"""

import sqlalchemy as sa
from alembic import op

revision = "0026_challenge_notices"
down_revision = "0025_search_forms"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.alter_column("solution_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("challenge_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_notifications_challenge_id"), ["challenge_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_notifications_challenge_id_challenges"), "challenges", ["challenge_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_check_constraint(
            batch.f("ck_notifications_about_something"), "solution_id IS NOT NULL OR challenge_id IS NOT NULL"
        )


def downgrade():
    op.execute("DELETE FROM notifications WHERE solution_id IS NULL")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_constraint(batch.f("ck_notifications_about_something"), type_="check")
        batch.drop_constraint(batch.f("fk_notifications_challenge_id_challenges"), type_="foreignkey")
        batch.drop_index(batch.f("ix_notifications_challenge_id"))
        batch.drop_column("challenge_id")
        batch.alter_column("solution_id", existing_type=sa.Integer(), nullable=False)
