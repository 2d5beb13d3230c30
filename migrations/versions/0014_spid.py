"""spid: SPID/CIE identities of accounts, the requests sent to identity providers, the assertions seen

Revision ID: 0014_spid
Revises: 0013_legal_versions
Create Date: 2026-12-01 10:50:00

The fiscal code is stored only as a keyed HMAC (users.spid_fiscal_hash), for matching.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_spid"
down_revision = "0013_legal_versions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("spid_fiscal_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("spid_provider", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("spid_linked_at", sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_users_spid_fiscal_hash"), ["spid_fiscal_hash"])
    op.create_table(
        "saml_requests",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=8), nullable=False),
        sa.Column("idp_entity_id", sa.String(length=255), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("next_url", sa.String(length=500), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saml_requests")),
    )
    with op.batch_alter_table("saml_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saml_requests_issued_at"), ["issued_at"], unique=False)
    op.create_table(
        "saml_seen_assertions",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saml_seen_assertions")),
    )
    with op.batch_alter_table("saml_seen_assertions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saml_seen_assertions_expires_at"), ["expires_at"], unique=False)


def downgrade():
    with op.batch_alter_table("saml_seen_assertions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saml_seen_assertions_expires_at"))
    op.drop_table("saml_seen_assertions")
    with op.batch_alter_table("saml_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saml_requests_issued_at"))
    op.drop_table("saml_requests")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_spid_fiscal_hash"), type_="unique")
        batch_op.drop_column("spid_linked_at")
        batch_op.drop_column("spid_provider")
        batch_op.drop_column("spid_fiscal_hash")
