"""moderation with due process: pre-moderation, statements of reasons, appeals, reports of people

Revision ID: 0015_duep
Revises: 0014_spid
Create Date: 2026-12-01 10:45:00

Solutions and comments gain the states `pending` and `rejected`; challenges choose what is
pre-moderated; each decision in the moderation log carries a reason category; appeals and
reports of people get their own tables; a moderation notice points at the decision it reports.
"""

from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0015_duep"
down_revision = "0014_spid"
branch_labels = None
depends_on = None

SOLUTION_STATES = ("published", "withdrawn", "hidden")
COMMENT_STATES = ("published", "hidden", "deleted")
NEW_STATES = ("pending", "rejected")


def _states(states) -> str:
    return "status IN (" + ", ".join(f"'{state}'" for state in states) + ")"


@contextmanager
def _rebuilt(table: str):
    """A batch alteration of the table. SQLite rebuilds the table for it, and the rebuild loses the search
    triggers and the expression index it cannot reflect: they are put back from their own SQL."""
    bind = op.get_bind()
    kept = []
    if bind.dialect.name == "sqlite":
        kept = bind.execute(
            sa.text(
                "SELECT name, sql FROM sqlite_master"
                " WHERE tbl_name = :t AND type IN ('trigger', 'index') AND sql IS NOT NULL"
            ),
            {"t": table},
        ).all()
    with op.batch_alter_table(table, schema=None) as batch_op:
        yield batch_op
    if kept:
        present = set(
            bind.execute(sa.text("SELECT name FROM sqlite_master WHERE tbl_name = :t"), {"t": table}).scalars()
        )
        for name, sql in kept:
            if name not in present:
                op.execute(sql)


def _recheck(table: str, states) -> None:
    """Replace the table's status check."""
    with _rebuilt(table) as batch_op:
        batch_op.drop_constraint(batch_op.f(f"ck_{table}_status_known"), type_="check")
        batch_op.create_check_constraint("status_known", _states(states))


def upgrade():
    _recheck("solutions", SOLUTION_STATES + NEW_STATES)
    _recheck("comments", COMMENT_STATES + NEW_STATES)
    with _rebuilt("challenges") as batch_op:
        batch_op.add_column(sa.Column("premoderation", sa.String(length=16), server_default="none", nullable=False))
        batch_op.create_check_constraint("premoderation_known", "premoderation IN ('none', 'solutions', 'all')")
    with op.batch_alter_table("moderation_actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason_code", sa.String(length=32), server_default="", nullable=False))
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("action_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_notifications_action_id"), ["action_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_notifications_action_id_moderation_actions"), "moderation_actions", ["action_id"], ["id"]
        )
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("appellant_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'upheld', 'overturned')", name=op.f("ck_appeals_status_known")),
        sa.ForeignKeyConstraint(
            ["appellant_id"], ["users.id"], name=op.f("fk_appeals_appellant_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_appeals_decided_by_id_users")),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["moderation_actions.id"], name=op.f("fk_appeals_decision_id_moderation_actions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_appeals_decision_id")),
    )
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appeals_appellant_id"), ["appellant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appeals_decided_by_id"), ["decided_by_id"], unique=False)
        batch_op.create_index("ix_appeals_status_created", ["status", "created_at"], unique=False)
    op.create_table(
        "user_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'resolved', 'dismissed')", name=op.f("ck_user_flags_status_known")),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["users.id"], name=op.f("fk_user_flags_reporter_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_flags_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_flags")),
        sa.UniqueConstraint("user_id", "reporter_id", name="uq_user_flags_user_reporter"),
    )
    with op.batch_alter_table("user_flags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_flags_reporter_id"), ["reporter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_user_flags_user_id"), ["user_id"], unique=False)
        batch_op.create_index("ix_user_flags_status_created", ["status", "created_at"], unique=False)


def downgrade():
    op.drop_table("user_flags")
    op.drop_table("appeals")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_notifications_action_id_moderation_actions"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_notifications_action_id"))
        batch_op.drop_column("action_id")
    with op.batch_alter_table("moderation_actions", schema=None) as batch_op:
        batch_op.drop_column("reason_code")
    with _rebuilt("challenges") as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_challenges_premoderation_known"), type_="check")
        batch_op.drop_column("premoderation")
    # Pending and rejected rows fit no older state: they go back as hidden, with their text.
    op.execute("UPDATE comments SET status = 'hidden' WHERE status IN ('pending', 'rejected')")
    op.execute("UPDATE solutions SET status = 'hidden' WHERE status IN ('pending', 'rejected')")
    _recheck("comments", COMMENT_STATES)
    _recheck("solutions", SOLUTION_STATES)
