"""full-text search: FTS5 on SQLite, Italian tsvector columns with GIN indexes on PostgreSQL

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 02:40:00

These objects are dialect-specific and live outside the models; migrations/env.py and the
schema test ignore every name that starts with "search_".
"""
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# (table, kind, title expression, body column)
SOURCES = [
    ("challenges", "challenge", "title || ' ' || summary", "body"),
    ("solutions", "solution", "title", "body"),
    ("comments", "comment", "''", "body"),
]


def _sqlite_upgrade():
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, item_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')"
    )
    for table, kind, title, body in SOURCES:
        values = f"'{kind}', new.id, {title.replace('title', 'new.title').replace('summary', 'new.summary')}, new.{body}"
        delete = f"DELETE FROM search_index WHERE kind = '{kind}' AND item_id = old.id;"
        op.execute(f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN "
                   f"INSERT INTO search_index (kind, item_id, title, body) VALUES ({values}); END")
        op.execute(f"CREATE TRIGGER search_{table}_update AFTER UPDATE ON {table} BEGIN {delete} "
                   f"INSERT INTO search_index (kind, item_id, title, body) VALUES ({values}); END")
        op.execute(f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {delete} END")
        op.execute(f"INSERT INTO search_index (kind, item_id, title, body) "
                   f"SELECT '{kind}', id, {title}, {body} FROM {table}")


def _postgresql_upgrade():
    for table, _kind, title, body in SOURCES:
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
            f"setweight(to_tsvector('italian', coalesce({title}, '')), 'A') || "
            f"setweight(to_tsvector('italian', coalesce({body}, '')), 'B')) STORED"
        )
        op.execute(f"CREATE INDEX search_{table}_vector ON {table} USING gin (search_vector)")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()
    else:
        _sqlite_upgrade()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table, *_ in SOURCES:
            op.execute(f"DROP INDEX search_{table}_vector")
            op.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
    else:
        for table, *_ in SOURCES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER search_{table}_{event}")
        op.execute("DROP TABLE search_index")
