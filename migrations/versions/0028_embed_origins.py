"""embed_origins: the sites an administration lets frame its challenges' embed pages (issue 31)

Revision ID: 0028_embed_origins
Revises: 0027_attachments
Create Date: 2026-12-05 22:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0028_embed_origins"
down_revision = "0027_attachments"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("administrations") as batch_op:
        batch_op.add_column(sa.Column("embed_origins", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("administrations") as batch_op:
        batch_op.drop_column("embed_origins")
