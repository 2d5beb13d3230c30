"""The `sqlite_only` marker: files that do not depend on the database run once, in the SQLite pass.

The rule a marked file keeps: nothing in it is about PostgreSQL (its concurrency fixture, the
`postgres_only` marker, the dialect), or the PostgreSQL pass would lose what it tests.
"""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import conftest

pytestmark = pytest.mark.sqlite_only  # database-independent: the SQLite pass runs it once

TESTS = Path(__file__).resolve().parent
ABOUT_POSTGRESQL = ("concurrent_app", "postgres_only", "dialect")


def marks_itself_sqlite_only(tree: ast.Module) -> bool:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", "") == "pytestmark" for target in node.targets):
            return "sqlite_only" in ast.unparse(node.value)
    return False


def names_in(tree: ast.Module) -> set[str]:
    found = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    found |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    found |= {node.arg for node in ast.walk(tree) if isinstance(node, ast.arg)}
    return found


def sqlite_only_files() -> list[Path]:
    marked = [path for path in TESTS.rglob("test_*.py") if marks_itself_sqlite_only(ast.parse(path.read_text()))]
    return sorted({*marked, *(TESTS / "browser").glob("test_*.py")})


def postgresql_words(source: str) -> set[str]:
    words = names_in(ast.parse(source))
    return {word for word in ABOUT_POSTGRESQL if any(word in found.lower() for found in words)}


def test_the_database_independent_files_are_the_expected_ones():
    names = {path.relative_to(TESTS).as_posix() for path in sqlite_only_files()}
    assert {"test_docs.py", "test_makefile.py", "api/test_schemathesis.py", "browser/test_journeys.py"} <= names


@pytest.mark.parametrize("path", sqlite_only_files(), ids=lambda path: path.relative_to(TESTS).as_posix())
def test_a_database_independent_file_tests_nothing_about_postgresql(path):
    assert postgresql_words(path.read_text()) == set()


def test_the_rule_catches_a_file_about_postgresql():
    source = "pytestmark = pytest.mark.sqlite_only\n\ndef test_locks(concurrent_app):\n    pass\n"
    assert marks_itself_sqlite_only(ast.parse(source))
    assert postgresql_words(source) == {"concurrent_app"}


def item(*markers: str) -> SimpleNamespace:
    return SimpleNamespace(get_closest_marker=lambda name: name if name in markers else None)


@pytest.mark.parametrize(
    "url, kept", [("postgresql+psycopg://postgres@127.0.0.1/test", 1), ("", 2), ("sqlite:///x.db", 2)]
)
def test_the_postgresql_pass_leaves_out_the_database_independent_tests(monkeypatch, url, kept):
    monkeypatch.setenv("TEST_DATABASE_URL", url)
    deselected: list = []
    config = SimpleNamespace(hook=SimpleNamespace(pytest_deselected=lambda items: deselected.extend(items)))
    items = [item("sqlite_only"), item()]
    conftest.pytest_collection_modifyitems(config, items)
    assert len(items) == kept and len(deselected) == 2 - kept
