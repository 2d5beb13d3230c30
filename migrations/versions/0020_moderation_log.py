"""moderation log: the database refuses to change or delete its rows; a solution's edit waits for moderation

Revision ID: 0020_moderation_log
Revises: 0019_spid_binding
Create Date: 2026-12-02 09:00:00

The moderation log was append-only by convention: now triggers on both databases refuse every
UPDATE and DELETE of `moderation_actions` (erasure never touches its rows: the person's account
row is anonymised instead). PostgreSQL's TRUNCATE, which only an operator runs, is not refused.

On a pre-moderated challenge, an author's edit of a published solution waits in `pending_title`
and `pending_body` while the approved text stays public.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0020_moderation_log"
down_revision = "0019_spid_binding"
branch_labels = None
depends_on = None

REFUSAL = "moderation log rows are never changed or deleted"


def upgrade():
    # Not in batch mode: on SQLite that copies the table and loses its full-text search triggers.
    op.add_column("solutions", sa.Column("pending_title", sa.String(length=200), nullable=True))
    op.add_column("solutions", sa.Column("pending_body", sa.Text(), nullable=True))
    op.add_column("solutions", sa.Column("pending_edit_at", sa.DateTime(), nullable=True))
    op.create_index(op.f("ix_solutions_pending_edit_at"), "solutions", ["pending_edit_at"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION moderation_actions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '{REFUSAL}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER moderation_actions_append_only BEFORE UPDATE OR DELETE ON moderation_actions "
            "FOR EACH ROW EXECUTE FUNCTION moderation_actions_refuse_change()"
        )
    else:
        for event in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER moderation_actions_no_{event} BEFORE {event.upper()} ON moderation_actions "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER moderation_actions_append_only ON moderation_actions")
        op.execute("DROP FUNCTION moderation_actions_refuse_change()")
    else:
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER moderation_actions_no_{event}")

    op.drop_index(op.f("ix_solutions_pending_edit_at"), table_name="solutions")
    op.drop_column("solutions", "pending_edit_at")
    op.drop_column("solutions", "pending_body")
    op.drop_column("solutions", "pending_title")
