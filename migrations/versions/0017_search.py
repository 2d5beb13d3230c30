"""search in Italian on both databases; hot score as a sum of vote weights

Revision ID: 0017_search
Revises: 0016_eval
Create Date: 2026-12-01 10:45:00

Search. SQLite's FTS5 cannot stem: its index now stores Snowball stems of the unaccented
words, computed by `search_stems`, a Python function (challenge.search.italian_text)
that the app registers on every SQLite connection; the triggers call it. PostgreSQL gets a
`search_italian` configuration (unaccent, then the Italian Snowball stemmer) and its
vectors are rebuilt with it. Both now index the title alone as the title (weight A, the
FTS5 `title` column) and a challenge's summary with its body.

Hot. The hot score becomes the sum over a solution's votes of value · 2 ** (weeks from
2026-01-01 to the vote's first cast), rounded to 20 significant bits; every solution's is
recomputed from its votes (frozen copies of both formulas below).
"""

import math
from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0017_search"
down_revision = "0016_eval"
branch_labels = None
depends_on = None

# (table, kind, indexed columns, title expression, body expression) with {row} for "new." or "".
SOURCES = [
    ("challenges", "challenge", ("title", "summary", "body"), "{row}title", "{row}summary || ' ' || {row}body"),
    ("solutions", "solution", ("title", "body"), "{row}title", "{row}body"),
    ("comments", "comment", ("body",), "''", "{row}body"),
]
# The sources of 0007, for the downgrade.
OLD_SOURCES = [
    ("challenges", "challenge", ("title", "summary", "body"), "{row}title || ' ' || {row}summary", "{row}body"),
    ("solutions", "solution", ("title", "body"), "{row}title", "{row}body"),
    ("comments", "comment", ("body",), "''", "{row}body"),
]


def _changed(columns):
    return " OR ".join(f"old.{column} IS DISTINCT FROM new.{column}" for column in columns)


def _sqlite_create(sources, stems: bool) -> None:
    wrap = "search_stems({})" if stems else "{}"
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, item_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')"
    )
    for table, kind, columns, title, body in sources:
        new_values = f"'{kind}', new.id, {wrap.format(title.format(row='new.'))}, {wrap.format(body.format(row='new.'))}"
        insert = f"INSERT INTO search_index (kind, item_id, title, body) VALUES ({new_values});"
        delete = f"DELETE FROM search_index WHERE kind = '{kind}' AND item_id = old.id;"
        op.execute(f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {insert} END")
        op.execute(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {', '.join(columns)} ON {table} "
            f"WHEN {_changed(columns)} BEGIN {delete} {insert} END"
        )
        op.execute(f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {delete} END")
        op.execute(
            f"INSERT INTO search_index (kind, item_id, title, body) SELECT '{kind}', id, "
            f"{wrap.format(title.format(row=''))}, {wrap.format(body.format(row=''))} FROM {table}"
        )


def _sqlite_drop() -> None:
    for table, *_ in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER search_{table}_{event}")
    op.execute("DROP TABLE search_index")


def _postgresql_vectors(sources, configuration: str) -> None:
    """Point the triggers' functions at `configuration` and rewrite every vector with it."""
    op.execute("DELETE FROM search_documents")
    for table, kind, _columns, title, body in sources:

        def vector(row: str) -> str:
            return (
                f"setweight(to_tsvector('{configuration}', coalesce({title.format(row=row)}, '')), 'A') || "
                f"setweight(to_tsvector('{configuration}', coalesce({body.format(row=row)}, '')), 'B')"
            )

        op.execute(
            f"CREATE OR REPLACE FUNCTION search_{table}_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"INSERT INTO search_documents (kind, item_id, vector) VALUES ('{kind}', new.id, {vector('new.')}) "
            f"ON CONFLICT (kind, item_id) DO UPDATE SET vector = excluded.vector; RETURN NULL; END $$"
        )
        op.execute(f"INSERT INTO search_documents (kind, item_id, vector) SELECT '{kind}', id, {vector('')} FROM {table}")


# Hot scores, frozen: the new sum of vote weights, and the old log of net votes plus youth.
def _new_hot(votes) -> float:
    def weight(at: datetime) -> float:
        half_lives = (at - datetime(2026, 1, 1)) / timedelta(days=7)
        whole = math.floor(half_lives)
        return math.ldexp(round(2.0 ** (half_lives - whole) * 2**20), whole - 20)

    return math.fsum(value * weight(at) for value, at in votes)


def _old_hot(up: int, down: int, created_at: datetime) -> float:
    net = up - down
    sign = (net > 0) - (net < 0)
    return sign * math.log10(max(abs(net), 1)) + (created_at - datetime(2020, 1, 1)).total_seconds() / 45_000


def _as_datetime(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _rewrite_hot(new: bool) -> None:
    connection = op.get_bind()
    if new:
        votes = defaultdict(list)
        for row in connection.execute(sa.text("SELECT solution_id, value, created_at FROM solution_votes")):
            votes[row.solution_id].append((row.value, _as_datetime(row.created_at)))
        rows = connection.execute(sa.text("SELECT id FROM solutions")).all()
        scores = [{"id": row.id, "hot": _new_hot(votes.get(row.id, []))} for row in rows]
    else:
        rows = connection.execute(sa.text("SELECT id, votes_up, votes_down, created_at FROM solutions")).all()
        scores = [
            {"id": row.id, "hot": _old_hot(row.votes_up, row.votes_down, _as_datetime(row.created_at))} for row in rows
        ]
    if scores:
        connection.execute(sa.text("UPDATE solutions SET hot_score = :hot WHERE id = :id"), scores)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute("CREATE TEXT SEARCH CONFIGURATION search_italian (COPY = pg_catalog.italian)")
        op.execute(
            "ALTER TEXT SEARCH CONFIGURATION search_italian "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, italian_stem"
        )
        _postgresql_vectors(SOURCES, "search_italian")
    else:
        _sqlite_drop()
        _sqlite_create(SOURCES, stems=True)
    _rewrite_hot(new=True)


def downgrade():
    _rewrite_hot(new=False)
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_vectors(OLD_SOURCES, "italian")
        op.execute("DROP TEXT SEARCH CONFIGURATION search_italian")
    else:
        _sqlite_drop()
        _sqlite_create(OLD_SOURCES, stems=False)
