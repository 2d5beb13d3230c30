"""participant invitations: the participant role of invitations, each participant's link and re-sending

Invitations gain the participant role, tied to one challenge; each invited participant keeps its
invitation and how often and when it was last sent again.

Revision ID: 0033_participant_invitations
Revises: 0032_meeting_minutes
Create Date: 2026-12-06 00:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0033_participant_invitations"
down_revision = "0032_meeting_minutes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invitations") as batch:
        batch.drop_constraint("role_known", type_="check")
        batch.create_check_constraint("role_known", "role IN ('staff', 'moderator', 'juror', 'participant')")
        batch.create_check_constraint(
            "participant_has_challenge", "role <> 'participant' OR challenge_id IS NOT NULL"
        )
    with op.batch_alter_table("challenge_participants") as batch:
        batch.add_column(sa.Column("invitation_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("resend_count", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("resent_at", sa.DateTime(), nullable=True))
        batch.create_index(batch.f("ix_challenge_participants_invitation_id"), ["invitation_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_challenge_participants_invitation_id_invitations"),
            "invitations",
            ["invitation_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("challenge_participants") as batch:
        batch.drop_constraint(batch.f("fk_challenge_participants_invitation_id_invitations"), type_="foreignkey")
        batch.drop_index(batch.f("ix_challenge_participants_invitation_id"))
        batch.drop_column("resent_at")
        batch.drop_column("resend_count")
        batch.drop_column("invitation_id")
    op.execute("DELETE FROM invitations WHERE role = 'participant'")
    with op.batch_alter_table("invitations") as batch:
        batch.drop_constraint("participant_has_challenge", type_="check")
        batch.drop_constraint("role_known", type_="check")
        batch.create_check_constraint("role_known", "role IN ('staff', 'moderator', 'juror')")
