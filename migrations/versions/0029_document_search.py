"""search: the titles of documents attached to challenges and solutions

Revision ID: 0029_document_search
Revises: 0028_embed_origins
Create Date: 2026-12-05 23:00:00

Both search indexes gain a kind, `document`: one row per attachment whose role is `document`, its
title as the title and no body. Attachment rows are added and removed, never changed, so the
triggers write on insert and erase on delete (a cascade from the item included).
"""

from alembic import op

revision = "0029_document_search"
down_revision = "0028_embed_origins"
branch_labels = None
depends_on = None

IS_DOCUMENT = "role = 'document'"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        values = "setweight(to_tsvector('search_italian', {row}title), 'A'), to_tsvector('search_forms', {row}title)"
        op.execute(
            "CREATE FUNCTION search_attachments_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "INSERT INTO search_documents (kind, item_id, vector, forms) "
            f"VALUES ('document', new.id, {values.format(row='new.')}) "
            "ON CONFLICT (kind, item_id) DO NOTHING; RETURN NULL; END $$"
        )
        op.execute(
            "CREATE FUNCTION search_attachments_erase() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "DELETE FROM search_documents WHERE kind = 'document' AND item_id = old.id; RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER search_attachments_insert AFTER INSERT ON attachments FOR EACH ROW "
            f"WHEN (new.{IS_DOCUMENT}) EXECUTE FUNCTION search_attachments_write()"
        )
        op.execute(
            "CREATE TRIGGER search_attachments_delete AFTER DELETE ON attachments FOR EACH ROW "
            f"WHEN (old.{IS_DOCUMENT}) EXECUTE FUNCTION search_attachments_erase()"
        )
        op.execute(
            "INSERT INTO search_documents (kind, item_id, vector, forms) "
            f"SELECT 'document', id, {values.format(row='')} FROM attachments WHERE {IS_DOCUMENT}"
        )
    else:
        values = "search_stems({row}title), '', {row}title"
        insert = (
            "INSERT INTO search_index (kind, item_id, title, body, forms) "
            f"VALUES ('document', new.id, {values.format(row='new.')});"
        )
        delete = "DELETE FROM search_index WHERE kind = 'document' AND item_id = old.id;"
        op.execute(f"CREATE TRIGGER search_attachments_insert AFTER INSERT ON attachments WHEN new.{IS_DOCUMENT} BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER search_attachments_delete AFTER DELETE ON attachments WHEN old.{IS_DOCUMENT} BEGIN {delete} END")
        op.execute(
            "INSERT INTO search_index (kind, item_id, title, body, forms) "
            f"SELECT 'document', id, {values.format(row='')} FROM attachments WHERE {IS_DOCUMENT}"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for event in ("insert", "delete"):
            op.execute(f"DROP TRIGGER search_attachments_{event} ON attachments")
        op.execute("DROP FUNCTION search_attachments_write()")
        op.execute("DROP FUNCTION search_attachments_erase()")
        op.execute("DELETE FROM search_documents WHERE kind = 'document'")
    else:
        for event in ("insert", "delete"):
            op.execute(f"DROP TRIGGER search_attachments_{event}")
        op.execute("DELETE FROM search_index WHERE kind = 'document'")
