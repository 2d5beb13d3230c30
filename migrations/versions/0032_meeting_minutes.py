"""meeting minutes: the minutes of a meeting, the solutions discussed, and reminders sent (issue 30)

Revision ID: 0032_meeting_minutes
Revises: 0031_coauthors_and_visibility
Create Date: 2026-12-06 00:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0032_meeting_minutes"
down_revision = "0031_coauthors_and_visibility"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("minutes", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("minutes_html", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("minutes_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("meeting_registrations") as batch:
        batch.add_column(sa.Column("reminded_at", sa.DateTime(), nullable=True))
    op.create_table(
        "meeting_solutions",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("solution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_solutions_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["solution_id"],
            ["solutions.id"],
            name=op.f("fk_meeting_solutions_solution_id_solutions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "solution_id", name=op.f("pk_meeting_solutions")),
    )
    op.create_index(op.f("ix_meeting_solutions_solution_id"), "meeting_solutions", ["solution_id"])


def downgrade():
    op.drop_table("meeting_solutions")
    with op.batch_alter_table("meeting_registrations") as batch:
        batch.drop_column("reminded_at")
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("minutes_at")
        batch.drop_column("minutes_html")
        batch.drop_column("minutes")
