"""merged solutions: the state `merged`, the solution a duplicate was merged into, the one withdrawn in favour of

Revision ID: 0034_merged_solutions
Revises: 0033_participant_invitations
Create Date: 2026-12-06 00:40:00
"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0034_merged_solutions"
down_revision = "0033_participant_invitations"
branch_labels = None
depends_on = None

STATES = ("published", "withdrawn", "hidden", "pending", "rejected")


def _rebuilt(table: str):
    """0015's batch alteration, which puts back the search triggers SQLite's table rebuild loses."""
    spec = importlib.util.spec_from_file_location("duep", Path(__file__).with_name("0015_duep.py"))
    assert spec is not None and spec.loader is not None
    duep = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(duep)
    return duep._rebuilt(table)


def _check(states) -> str:
    return "status IN (" + ", ".join(f"'{state}'" for state in states) + ")"


def upgrade():
    with _rebuilt("solutions") as batch:
        batch.drop_constraint(batch.f("ck_solutions_status_known"), type_="check")
        batch.create_check_constraint("status_known", _check((*STATES, "merged")))
        batch.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("withdrawn_in_favour_of_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_solutions_merged_into_id_solutions"), "solutions", ["merged_into_id"], ["id"]
        )
        batch.create_foreign_key(
            batch.f("fk_solutions_withdrawn_in_favour_of_id_solutions"),
            "solutions",
            ["withdrawn_in_favour_of_id"],
            ["id"],
        )
        batch.create_index(batch.f("ix_solutions_merged_into_id"), ["merged_into_id"], unique=False)
        batch.create_index(
            batch.f("ix_solutions_withdrawn_in_favour_of_id"), ["withdrawn_in_favour_of_id"], unique=False
        )


def downgrade():
    # A merged stub fits no older state: it goes back as withdrawn (its votes and comments are with the survivor).
    op.execute("UPDATE solutions SET status = 'withdrawn' WHERE status = 'merged'")
    # Before the rebuild, which would otherwise put them back from their saved SQL.
    op.drop_index(op.f("ix_solutions_withdrawn_in_favour_of_id"), table_name="solutions")
    op.drop_index(op.f("ix_solutions_merged_into_id"), table_name="solutions")
    with _rebuilt("solutions") as batch:
        batch.drop_constraint(batch.f("fk_solutions_withdrawn_in_favour_of_id_solutions"), type_="foreignkey")
        batch.drop_constraint(batch.f("fk_solutions_merged_into_id_solutions"), type_="foreignkey")
        batch.drop_column("withdrawn_in_favour_of_id")
        batch.drop_column("merged_into_id")
        batch.drop_constraint(batch.f("ck_solutions_status_known"), type_="check")
        batch.create_check_constraint("status_known", _check(STATES))
