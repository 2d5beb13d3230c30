"""outbox: one Message-ID per message, kept for every retry

Revision ID: 0021_outbox
Revises: 0020_moderation_log
Create Date: 2026-12-04 21:30:00

Delivery is at-least-once (a worker stopped after the server took a message sends it again):
each message now keeps the Message-ID it is sent with, so receivers can drop a duplicate.
Messages already queued get one made from their id.
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_outbox"
down_revision = "0020_moderation_log"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_emails") as batch:
        batch.add_column(sa.Column("message_id", sa.String(255), nullable=False, server_default=""))
    op.execute(
        "UPDATE outbox_emails SET message_id = '<outbox.' || CAST(id AS VARCHAR(20)) || '@sfide.invalid>' "
        "WHERE message_id = ''"
    )


def downgrade():
    with op.batch_alter_table("outbox_emails") as batch:
        batch.drop_column("message_id")
