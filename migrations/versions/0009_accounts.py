"""accounts: email verification

Revision ID: 0009_accounts
Revises: 0005
Create Date: 2026-12-01 08:00:00

Accounts that exist before this migration count as verified (since they were created):
they were made before verification existed and have been in use since.
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_accounts'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE users SET email_verified_at = created_at")


def downgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('email_verified_at')
