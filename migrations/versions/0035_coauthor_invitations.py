"""co-author invitations; a solution presented as its proposer's organisation

Revision ID: 0035_coauthor_invitations
Revises: 0034_merged_solutions
Create Date: 2026-12-06 00:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0035_coauthor_invitations"
down_revision = "0034_merged_solutions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "coauthor_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("solution_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("answer", sa.String(length=8), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("answer IN ('accepted', 'declined')", name=op.f("ck_coauthor_invitations_answer_known")),
        sa.ForeignKeyConstraint(
            ["solution_id"],
            ["solutions.id"],
            name=op.f("fk_coauthor_invitations_solution_id_solutions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_coauthor_invitations_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["users.id"],
            name=op.f("fk_coauthor_invitations_answered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coauthor_invitations")),
    )
    with op.batch_alter_table("coauthor_invitations") as batch:
        batch.create_index(batch.f("ix_coauthor_invitations_solution_id"), ["solution_id"], unique=False)
        batch.create_index(batch.f("ix_coauthor_invitations_email"), ["email"], unique=False)
        batch.create_index(batch.f("ix_coauthor_invitations_invited_by_id"), ["invited_by_id"], unique=False)
        batch.create_index(batch.f("ix_coauthor_invitations_answered_by_id"), ["answered_by_id"], unique=False)
    # Added in place (no batch): SQLite would otherwise rebuild the table and lose its search triggers.
    op.add_column("solutions", sa.Column("as_organisation", sa.Boolean(), server_default="0", nullable=False))
    # Until now an organisation's solutions were always shown as the organisation's: keep them so.
    op.execute(
        "UPDATE solutions SET as_organisation = true WHERE author_id IN"
        " (SELECT id FROM users WHERE kind <> 'person' AND organisation_name IS NOT NULL AND organisation_name <> '')"
    )


def downgrade():
    op.execute("ALTER TABLE solutions DROP COLUMN as_organisation")
    with op.batch_alter_table("coauthor_invitations") as batch:
        batch.drop_index(batch.f("ix_coauthor_invitations_answered_by_id"))
        batch.drop_index(batch.f("ix_coauthor_invitations_invited_by_id"))
        batch.drop_index(batch.f("ix_coauthor_invitations_email"))
        batch.drop_index(batch.f("ix_coauthor_invitations_solution_id"))
    op.drop_table("coauthor_invitations")
