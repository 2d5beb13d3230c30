"""notifications name the solution and comment they are about instead of storing a link

Revision ID: 0008_notification_targets
Revises: 0007_fts
Create Date: 2026-12-01 08:30:00

Services return data, not URLs: a notification keeps solution_id and comment_id, and the pages
and emails build the link. Existing rows are read back from their link
(/solutions/<id>, optionally #comment-<id> or #official-response).
"""
import re

from alembic import op
import sqlalchemy as sa

revision = '0008_notification_targets'
down_revision = '0007_fts'
branch_labels = None
depends_on = None

LINK = re.compile(r"/solutions/(\d+)(?:#comment-(\d+))?")


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('solution_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('comment_id', sa.Integer(), nullable=True))
    connection = op.get_bind()
    for row_id, link in connection.execute(sa.text("SELECT id, link FROM notifications")).all():
        match = LINK.search(link)
        if match is None:
            connection.execute(sa.text("DELETE FROM notifications WHERE id = :id"), {"id": row_id})
            continue
        solution_id, comment_id = int(match[1]), int(match[2]) if match[2] else None
        connection.execute(
            sa.text("UPDATE notifications SET solution_id = :s, comment_id = :c WHERE id = :id"),
            {"s": solution_id, "c": comment_id, "id": row_id},
        )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column('solution_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_notifications_solution_id_solutions'), 'solutions', ['solution_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_notifications_comment_id_comments'), 'comments', ['comment_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_notifications_solution_id'), ['solution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_comment_id'), ['comment_id'], unique=False)
        batch_op.drop_column('link')


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link', sa.String(length=300), nullable=False, server_default=''))
    op.execute(
        "UPDATE notifications SET link = '/solutions/' || solution_id || "
        "CASE WHEN comment_id IS NOT NULL THEN '#comment-' || comment_id "
        "WHEN kind = 'response' THEN '#official-response' ELSE '' END"
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column('link', existing_type=sa.String(length=300), server_default=None)
        batch_op.drop_index(batch_op.f('ix_notifications_comment_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_solution_id'))
        batch_op.drop_constraint(batch_op.f('fk_notifications_comment_id_comments'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_notifications_solution_id_solutions'), type_='foreignkey')
        batch_op.drop_column('comment_id')
        batch_op.drop_column('solution_id')
