"""accounts: email verification, profiles (kind, organisation, language, visibility), email change, consent, multipart email with one-click unsubscribe

Revision ID: 0012_accounts
Revises: 0011_backoffice
Create Date: 2026-12-01 08:00:00

Accounts that exist before this migration count as verified (since they were created):
they were made before verification existed and have been in use since. They have accepted
no versioned terms, so they are asked to before their next write.
"""
import sqlalchemy as sa
from alembic import op

revision = '0012_accounts'
down_revision = '0011_backoffice'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('pending_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=16), nullable=False, server_default='person'))
        batch_op.add_column(sa.Column('organisation_name', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('profile_public', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('terms_version', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('terms_accepted_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('privacy_version', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('privacy_accepted_at', sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(
            'kind_known', "kind IN ('person', 'business', 'association', 'research', 'public_body', 'other')"
        )
    op.execute("UPDATE users SET email_verified_at = created_at")
    with op.batch_alter_table('outbox_emails') as batch_op:
        batch_op.add_column(sa.Column('html_body', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('unsubscribe_url', sa.String(length=500), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('outbox_emails') as batch_op:
        batch_op.drop_column('unsubscribe_url')
        batch_op.drop_column('html_body')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_constraint('kind_known', type_='check')
        for column in ('privacy_accepted_at', 'privacy_version', 'terms_accepted_at', 'terms_version', 'profile_public', 'language', 'organisation_name', 'kind', 'pending_email', 'email_verified_at'):
            batch_op.drop_column(column)
