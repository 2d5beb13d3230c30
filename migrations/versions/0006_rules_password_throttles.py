"""password throttles: failed password checks per email (an HMAC of it), for the cool-down

Revision ID: 0006_rules
Revises: 0005
Create Date: 2026-12-01 07:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_rules'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('password_throttles',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('failure_count', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_password_throttles'))
    )
    with op.batch_alter_table('password_throttles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_throttles_last_failure_at'), ['last_failure_at'], unique=False)


def downgrade():
    with op.batch_alter_table('password_throttles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_throttles_last_failure_at'))

    op.drop_table('password_throttles')
