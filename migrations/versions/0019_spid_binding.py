"""SPID/CIE: each AuthnRequest is bound to the browser that started it

Revision ID: 0019_spid_binding
Revises: 0018_cache_identity
Create Date: 2026-12-02 09:00:00

`saml_requests.browser_hash` holds the SHA-256 of a random value kept in a cookie of the
browser that asked to sign in; the assertion consumer accepts an answer only from that browser.
Rows written before (empty hash) match no browser: those sign-ins must start again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_spid_binding"
down_revision = "0018_cache_identity"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("saml_requests") as batch_op:
        batch_op.add_column(sa.Column("browser_hash", sa.String(length=64), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("saml_requests") as batch_op:
        batch_op.drop_column("browser_hash")
