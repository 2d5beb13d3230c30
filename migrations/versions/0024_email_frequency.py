"""email preferences say how often (immediate, daily, weekly, never); digests; messages from a challenge's staff

Revision ID: 0024_email_frequency
Revises: 0023_solution_follows
Create Date: 2026-12-05 21:45:00

A preference row used to mean "email this kind": existing rows become `immediate`. A kind with
no row now follows its default (official responses and awards are emailed, the rest are not).
`email_digests` records each daily or weekly digest; its unique key makes composing one idempotent.
`challenge_messages` holds what a challenge's staff wrote to its participants and followers; a
notification may now be about such a message instead of a solution.
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_email_frequency"
down_revision = "0023_solution_follows"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("email_preferences") as batch:
        batch.add_column(sa.Column("frequency", sa.String(9), nullable=False, server_default="immediate"))
        batch.create_check_constraint("frequency", "frequency IN ('immediate', 'daily', 'weekly', 'never')")
    op.create_table(
        "email_digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("frequency", sa.String(9), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_email_digests_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_digests")),
        sa.UniqueConstraint("user_id", "frequency", "period_start", name=op.f("uq_email_digests_user_id")),
    )
    op.create_index(op.f("ix_email_digests_user_id"), "email_digests", ["user_id"])
    op.create_table(
        "challenge_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("recipient_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_messages_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_challenge_messages_author_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_messages")),
    )
    op.create_index(op.f("ix_challenge_messages_author_id"), "challenge_messages", ["author_id"])
    op.create_index("ix_challenge_messages_challenge_created", "challenge_messages", ["challenge_id", "created_at"])
    with op.batch_alter_table("notifications") as batch:
        batch.alter_column("solution_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("message_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_notifications_message_id_challenge_messages"),
            "challenge_messages",
            ["message_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index(op.f("ix_notifications_message_id"), ["message_id"])


def downgrade():
    op.execute("DELETE FROM notifications WHERE message_id IS NOT NULL")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index(op.f("ix_notifications_message_id"))
        batch.drop_constraint(op.f("fk_notifications_message_id_challenge_messages"), type_="foreignkey")
        batch.drop_column("message_id")
        batch.alter_column("solution_id", existing_type=sa.Integer(), nullable=False)
    op.drop_table("challenge_messages")
    op.drop_index(op.f("ix_email_digests_user_id"), table_name="email_digests")
    op.drop_table("email_digests")
    # The old meaning: a row is a kind that is emailed (a digest becomes immediate email).
    op.execute("DELETE FROM email_preferences WHERE frequency = 'never'")
    with op.batch_alter_table("email_preferences") as batch:
        batch.drop_constraint(op.f("ck_email_preferences_frequency"), type_="check")
        batch.drop_column("frequency")
