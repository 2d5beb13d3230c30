"""full-text search: the index is rewritten only when the indexed text changes

Revision ID: 0007_fts
Revises: 0006_rules
Create Date: 2026-12-01 08:00:00

A vote updates its solution's or comment's counters. On SQLite the update triggers of 0005
fired on every UPDATE, so each vote deleted and reinserted the item's search row. On
PostgreSQL the generated search_vector was not recomputed, but it lived in the voted row: a
vote changes indexed ranking columns, so the update is never HOT and every vote added the
whole tsvector to the GIN index again. Now SQLite's triggers fire only for an UPDATE OF the
indexed columns that really changes one, and PostgreSQL keeps the vectors in their own
table, search_documents, written by triggers with the same condition.
"""
from alembic import op

revision = '0007_fts'
down_revision = '0006_rules'
branch_labels = None
depends_on = None

# (table, kind, indexed columns, title expression, body column), as in 0005; {row} is "new." or "".
SOURCES = [
    ("challenges", "challenge", ("title", "summary", "body"), "{row}title || ' ' || {row}summary", "body"),
    ("solutions", "solution", ("title", "body"), "{row}title", "body"),
    ("comments", "comment", ("body",), "''", "body"),
]


def _text_changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"old.{column} IS DISTINCT FROM new.{column}" for column in columns)


def _sqlite_update_trigger(table: str, kind: str, columns: tuple[str, ...] | None, title: str, body: str) -> str:
    """The trigger that replaces an item's search row; `columns` None fires on every update (0005)."""
    event = f"OF {', '.join(columns)} ON {table} WHEN {_text_changed(columns)}" if columns else f"ON {table}"
    return (
        f"CREATE TRIGGER search_{table}_update AFTER UPDATE {event} BEGIN "
        f"DELETE FROM search_index WHERE kind = '{kind}' AND item_id = old.id; "
        f"INSERT INTO search_index (kind, item_id, title, body) VALUES ('{kind}', new.id, {title.format(row='new.')}, new.{body}); END"
    )


def _sqlite_replace_update_triggers(only_text_changes: bool) -> None:
    for table, kind, columns, title, body in SOURCES:
        op.execute(f"DROP TRIGGER search_{table}_update")
        op.execute(_sqlite_update_trigger(table, kind, columns if only_text_changes else None, title, body))


def _vector(title: str, body: str, row: str) -> str:
    """The weighted Italian tsvector of 0005, over the columns of `row` ("new." in a trigger, or "")."""
    return (
        f"setweight(to_tsvector('italian', coalesce({title.format(row=row)}, '')), 'A') || "
        f"setweight(to_tsvector('italian', coalesce({row}{body}, '')), 'B')"
    )


def _postgresql_upgrade() -> None:
    op.execute(
        "CREATE TABLE search_documents (kind varchar(16) NOT NULL, item_id integer NOT NULL, "
        "vector tsvector NOT NULL, PRIMARY KEY (kind, item_id))"
    )
    for table, kind, columns, title, body in SOURCES:
        op.execute(f"DROP INDEX search_{table}_vector")
        op.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
        op.execute(
            f"CREATE FUNCTION search_{table}_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"INSERT INTO search_documents (kind, item_id, vector) VALUES ('{kind}', new.id, {_vector(title, body, 'new.')}) "
            f"ON CONFLICT (kind, item_id) DO UPDATE SET vector = excluded.vector; RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE FUNCTION search_{table}_erase() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"DELETE FROM search_documents WHERE kind = '{kind}' AND item_id = old.id; RETURN NULL; END $$"
        )
        op.execute(f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION search_{table}_write()")
        op.execute(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {', '.join(columns)} ON {table} FOR EACH ROW "
            f"WHEN ({_text_changed(columns)}) EXECUTE FUNCTION search_{table}_write()"
        )
        op.execute(f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION search_{table}_erase()")
        op.execute(f"INSERT INTO search_documents (kind, item_id, vector) SELECT '{kind}', id, {_vector(title, body, '')} FROM {table}")
    op.execute("CREATE INDEX search_documents_vector ON search_documents USING gin (vector)")


def _postgresql_downgrade() -> None:
    for table, _kind, _columns, title, body in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER search_{table}_{event} ON {table}")
        op.execute(f"DROP FUNCTION search_{table}_write()")
        op.execute(f"DROP FUNCTION search_{table}_erase()")
        op.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({_vector(title, body, '')}) STORED")
        op.execute(f"CREATE INDEX search_{table}_vector ON {table} USING gin (search_vector)")
    op.execute("DROP TABLE search_documents")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()
    else:
        _sqlite_replace_update_triggers(only_text_changes=True)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_downgrade()
    else:
        _sqlite_replace_update_triggers(only_text_changes=False)
