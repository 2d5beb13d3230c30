"""What an INSERT, UPDATE or DELETE statement writes, read from the statement's public traversal.

`writes_of` reads a statement and those nested in its CTEs once per statement object: a statement
built once and executed many times (a vote's) costs a lookup, and only its parameters are read anew.
"""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import cast

from sqlalchemy import Column, Delete, Insert, Table, TableClause, Update
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BinaryExpression, BindParameter
from sqlalchemy.sql.expression import UpdateBase

from ..core.extensions import Base


@dataclass(frozen=True)
class Write:
    """What one INSERT, UPDATE or DELETE writes."""

    model: type | None  # None: a table no class maps (an association table)
    columns: frozenset[str] | None  # None: the whole row
    named_id: BindParameter | None  # None: the statement names no row (an INSERT, or a WHERE without an id)

    def ids(self, parameters: object) -> list[int | None] | None:
        """The ids the statement names, given its execution's parameters; None when it names none.

        A `bindparam("name")` built once is given its value at execution, from `parameters`."""
        if self.named_id is None:
            return None
        value = self.named_id.value
        if value is None and isinstance(parameters, dict):
            value = parameters.get(self.named_id.key)
        return list(value) if isinstance(value, (list, tuple)) else [value]


# A statement's structure never changes once built (generative methods make new objects).
_writes: weakref.WeakKeyDictionary[UpdateBase, tuple[Write, ...]] = weakref.WeakKeyDictionary()


def writes_of(top: UpdateBase) -> tuple[Write, ...]:
    """The writes of a statement and of those nested in its CTEs."""
    writes = _writes.get(top)
    if writes is None:
        nested = {id(found): found for found in visitors.iterate(top) if isinstance(found, UpdateBase)}
        writes = _writes[top] = tuple(_write_of(cast("Insert | Update | Delete", found)) for found in nested.values())
    return writes


def _write_of(statement: Insert | Update | Delete) -> Write:
    table = cast(TableClause, statement.table)
    columns = _set_columns(statement, table) if isinstance(statement, Update) else None
    named_id = None if isinstance(statement, Insert) else _named_id(statement.whereclause)
    return Write(_model_of(table.name), columns, named_id)


def _named_id(whereclause) -> BindParameter | None:
    """The parameter of the first `id = x` or `id IN (...)` a statement's WHERE names, None when it names none."""
    if whereclause is None:
        return None
    for element in visitors.iterate(whereclause):
        if (
            isinstance(element, BinaryExpression)
            and getattr(element.left, "key", None) == "id"
            and isinstance(element.right, BindParameter)
        ):
            return element.right
    return None


def _columns_in(element, table: TableClause) -> Counter[str]:
    """The columns of `table` the element names (those of other tables, in its CTEs say, do not count)."""
    return Counter(
        found.key
        for found in visitors.iterate(element)
        if isinstance(found, Column) and getattr(found.table, "name", None) == table.name
    )


def _set_columns(statement: Update, table: TableClause) -> frozenset[str] | None:
    """The columns an UPDATE may change: those its statement names more often than its WHERE clause and
    its RETURNING do together, that is every column of its SET clause (as a target or read by a new
    value): never fewer than it changes, read from the statement's public traversal."""
    named = _columns_in(statement, table)
    if statement.whereclause is not None:
        named -= _columns_in(statement.whereclause, table)
    for returned in statement.exported_columns:
        named -= _columns_in(returned, table)
    return frozenset(named) or None


@cache
def _model_of(table_name: str) -> type | None:
    """The mapped class of a table; None for association tables (challenge_sdgs, lab_themes)."""
    for mapper in Base.registry.mappers:
        if isinstance(mapper.local_table, Table) and mapper.local_table.name == table_name:
            return mapper.class_
    return None
