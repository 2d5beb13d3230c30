"""A transaction that only read ends with COMMIT, so psycopg keeps its prepared statements (it forgets them at
every ROLLBACK); one that may have written is rolled back as always (core/database.py)."""

from __future__ import annotations

import os

import psycopg
import pytest

from challenge.core.database import BoundedConnection
from tests.conftest import postgresql_pass

pytestmark = pytest.mark.skipif(not postgresql_pass(), reason="psycopg connections exist on PostgreSQL only")
IDLE = psycopg.pq.TransactionStatus.IDLE


@pytest.fixture
def connection():
    url = os.environ["TEST_DATABASE_URL"].replace("+psycopg", "")
    with BoundedConnection.connect(url, prepare_threshold=0) as connection:
        connection.execute("CREATE TEMPORARY TABLE kept (x integer)")
        connection.commit()
        yield connection


def _rows(connection) -> list:
    rows = connection.execute("SELECT x FROM kept ORDER BY x").fetchall()
    connection.commit()
    return rows


def test_a_transaction_that_only_read_keeps_the_prepared_statements(connection):
    connection.execute("SELECT x FROM kept WHERE x = %s", (1,))
    connection.rollback()
    assert connection.info.transaction_status == IDLE
    kept = "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s"
    assert connection.execute(kept, ("%FROM kept WHERE x%",)).fetchone()[0] == 1


@pytest.mark.parametrize(
    "write",
    [
        lambda c: c.execute("INSERT INTO kept VALUES (1)"),
        lambda c: c.execute(b"UPDATE kept SET x = 2"),
        lambda c: c.execute("WITH added AS (INSERT INTO kept VALUES (3) RETURNING x) SELECT x FROM added"),
        lambda c: c.cursor().executemany("INSERT INTO kept VALUES (%s)", [(4,), (5,)]),
        lambda c: c.execute(psycopg.sql.SQL("INSERT INTO {} VALUES (6)").format(psycopg.sql.Identifier("kept"))),
    ],
    ids=["insert", "update as bytes", "writing CTE", "executemany", "composed"],
)
def test_a_transaction_that_may_have_written_is_rolled_back(connection, write):
    connection.execute("SELECT 1")
    write(connection)
    connection.execute("SELECT 1")
    connection.rollback()
    assert _rows(connection) == []


def test_a_copy_is_rolled_back_and_a_failed_transaction_too(connection):
    with connection.cursor().copy("COPY kept (x) FROM STDIN") as copy:
        copy.write_row((7,))
    connection.rollback()
    assert _rows(connection) == []
    with pytest.raises(psycopg.errors.DivisionByZero):
        connection.execute("SELECT 1 / 0")
    connection.rollback()
    assert connection.info.transaction_status == IDLE and _rows(connection) == []


def test_after_a_write_the_next_transaction_that_only_reads_commits_again(connection):
    connection.execute("INSERT INTO kept VALUES (8)")
    connection.commit()
    connection.execute("SELECT x FROM kept")
    assert connection.only_reads
    connection.rollback()
    assert _rows(connection) == [(8,)]
