"""search: word forms beside the stems; comments: edits by their authors

Revision ID: 0025_search_forms
Revises: 0024_email_frequency
Create Date: 2026-12-05 21:40:00

Both search indexes gain the words of each item as written, unaccented and lower case but not
stemmed: SQLite's FTS5 table a `forms` column (the raw text, which its `unicode61
remove_diacritics 2` tokenizer lowers and unaccents), PostgreSQL's search_documents a `forms`
tsvector of the new `search_forms` configuration (unaccent, then `simple`). A query ranks the
items holding its exact words above those matching only by stem, and an accented query word
("mobilità") matches only its own form, not another word with the same stem ("mobili").

Comments: an author may edit a comment for a while after posting it; the replaced text is kept
in `comment_revisions`, `comments.edited_at` says when the text changed, and on a pre-moderated
challenge the edit waits in `comments.pending_body` (since `pending_edit_at`) for a moderator.
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_search_forms"
down_revision = "0024_email_frequency"
branch_labels = None
depends_on = None

# (table, kind, indexed columns, title expression, body expression) with {row} for "new." or "",
# as in 0017.
SOURCES = [
    ("challenges", "challenge", ("title", "summary", "body"), "{row}title", "{row}summary || ' ' || {row}body"),
    ("solutions", "solution", ("title", "body"), "{row}title", "{row}body"),
    ("comments", "comment", ("body",), "''", "{row}body"),
]


def _changed(columns):
    return " OR ".join(f"old.{column} IS DISTINCT FROM new.{column}" for column in columns)


def _sqlite_drop() -> None:
    for table, *_ in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER search_{table}_{event}")
    op.execute("DROP TABLE search_index")


def _sqlite_create(forms: bool) -> None:
    """The FTS5 table of 0017, with the `forms` column when asked, its triggers, and its rows."""
    extra_column = ", forms" if forms else ""
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        f"kind UNINDEXED, item_id UNINDEXED, title, body{extra_column}, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    for table, kind, columns, title, body in SOURCES:
        insert = (
            f"INSERT INTO search_index (kind, item_id, title, body{extra_column}) "
            f"VALUES ('{kind}', new.id, {_sqlite_values(title, body, 'new.', forms)});"
        )
        delete = f"DELETE FROM search_index WHERE kind = '{kind}' AND item_id = old.id;"
        op.execute(f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {insert} END")
        op.execute(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {', '.join(columns)} ON {table} "
            f"WHEN {_changed(columns)} BEGIN {delete} {insert} END"
        )
        op.execute(f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {delete} END")
        op.execute(
            f"INSERT INTO search_index (kind, item_id, title, body{extra_column}) "
            f"SELECT '{kind}', id, {_sqlite_values(title, body, '', forms)} FROM {table}"
        )


def _sqlite_values(title: str, body: str, row: str, forms: bool) -> str:
    title_sql, body_sql = title.format(row=row), body.format(row=row)
    extra = f", {title_sql} || ' ' || {body_sql}" if forms else ""
    return f"search_stems({title_sql}), search_stems({body_sql}){extra}"


def _postgresql_values(title: str, body: str, row: str, forms: bool) -> str:
    title_sql, body_sql = f"coalesce({title.format(row=row)}, '')", f"coalesce({body.format(row=row)}, '')"
    vector = (
        f"setweight(to_tsvector('search_italian', {title_sql}), 'A') || "
        f"setweight(to_tsvector('search_italian', {body_sql}), 'B')"
    )
    return vector + (f", to_tsvector('search_forms', {title_sql} || ' ' || {body_sql})" if forms else "")


def _postgresql_writers(forms: bool) -> None:
    """Point the triggers' functions at the columns they fill and rewrite every row."""
    op.execute("DELETE FROM search_documents")
    extra_column = ", forms" if forms else ""
    for table, kind, _columns, title, body in SOURCES:
        update = "vector = excluded.vector" + (", forms = excluded.forms" if forms else "")
        op.execute(
            f"CREATE OR REPLACE FUNCTION search_{table}_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"INSERT INTO search_documents (kind, item_id, vector{extra_column}) "
            f"VALUES ('{kind}', new.id, {_postgresql_values(title, body, 'new.', forms)}) "
            f"ON CONFLICT (kind, item_id) DO UPDATE SET {update}; RETURN NULL; END $$"
        )
        op.execute(
            f"INSERT INTO search_documents (kind, item_id, vector{extra_column}) "
            f"SELECT '{kind}', id, {_postgresql_values(title, body, '', forms)} FROM {table}"
        )


def _comment_edits_upgrade() -> None:
    op.create_table(
        "comment_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"], name=op.f("fk_comment_revisions_comment_id_comments"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_revisions")),
    )
    op.create_index(op.f("ix_comment_revisions_comment_id"), "comment_revisions", ["comment_id"])
    # Plain ALTER TABLE on SQLite too: a batch copy of `comments` would lose its search triggers and
    # the expression index that SQLAlchemy cannot reflect.
    op.add_column("comments", sa.Column("edited_at", sa.DateTime(), nullable=True))
    op.add_column("comments", sa.Column("pending_body", sa.Text(), nullable=True))
    op.add_column("comments", sa.Column("pending_edit_at", sa.DateTime(), nullable=True))
    op.create_index(op.f("ix_comments_pending_edit_at"), "comments", ["pending_edit_at"])


def _comment_edits_downgrade() -> None:
    op.drop_index(op.f("ix_comments_pending_edit_at"), table_name="comments")
    for column in ("pending_edit_at", "pending_body", "edited_at"):
        op.drop_column("comments", column)
    op.drop_index(op.f("ix_comment_revisions_comment_id"), table_name="comment_revisions")
    op.drop_table("comment_revisions")


def upgrade():
    _comment_edits_upgrade()
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TEXT SEARCH CONFIGURATION search_forms (COPY = pg_catalog.simple)")
        op.execute(
            "ALTER TEXT SEARCH CONFIGURATION search_forms ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
        )
        op.execute("ALTER TABLE search_documents ADD COLUMN forms tsvector")
        _postgresql_writers(forms=True)
        op.execute("CREATE INDEX search_documents_forms ON search_documents USING gin (forms)")
    else:
        _sqlite_drop()
        _sqlite_create(forms=True)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX search_documents_forms")
        _postgresql_writers(forms=False)
        op.execute("ALTER TABLE search_documents DROP COLUMN forms")
        op.execute("DROP TEXT SEARCH CONFIGURATION search_forms")
    else:
        _sqlite_drop()
        _sqlite_create(forms=False)
    _comment_edits_downgrade()
