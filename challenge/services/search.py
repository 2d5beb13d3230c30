"""Full-text search over what the reader may see: FTS5 on SQLite, Italian tsvector on PostgreSQL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import (
    Column,
    ColumnClause,
    Integer,
    MetaData,
    Select,
    SQLColumnExpression,
    String,
    Table,
    cast,
    func,
    literal,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import TSVECTOR

from ..extensions import db
from ..models import Administration, Challenge, Comment, Solution

KINDS = ("challenge", "solution", "comment")
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Private-use characters mark the matches, so escaping the text cannot touch them.
START, STOP = "\ue000", "\ue001"
SNIPPET_WORDS = 24


@dataclass(frozen=True)
class SearchFilters:
    q: str
    kind: str | None = None
    theme: int | None = None
    status: str | None = None
    administration: str | None = None
    challenge_slug: str | None = None
    match_any: bool = False  # any word instead of every word, for "similar solutions" hints


@dataclass(frozen=True)
class Hit:
    kind: str
    item_id: int
    title: str
    snippet: Markup
    challenge_slug: str
    solution_id: int | None
    rank: float


def terms(query: str) -> list[str]:
    """The words of a query, without operators, quotes or markup."""
    return re.findall(r"\w+", query[:MAX_QUERY_LENGTH].lower())[:MAX_TERMS]


def highlight(fragment: str) -> Markup:
    """Escape a snippet, then turn the match markers into <mark>."""
    return Markup(str(escape(fragment)).replace(START, "<mark>").replace(STOP, "</mark>"))


def _visible_rows(filters: SearchFilters) -> dict[str, Select]:
    """id, title, challenge slug and solution id of visible items of each kind, filters applied."""
    public: list[SQLColumnExpression[bool]] = [Challenge.is_public]
    if filters.theme:
        public.append(Challenge.theme_id == filters.theme)
    if filters.status:
        public.append(Challenge.status == filters.status)
    if filters.challenge_slug:
        public.append(Challenge.slug == filters.challenge_slug)
    if filters.administration:
        public.append(
            Challenge.administration_id.in_(
                select(Administration.id).where(Administration.slug == filters.administration)
            )
        )
    challenges = select(
        Challenge.id, Challenge.title, Challenge.slug.label("slug"), cast(null(), Integer).label("solution_id")
    ).where(*public)
    solutions = (
        select(Solution.id, Solution.title, Challenge.slug, Solution.id.label("solution_id"))
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Solution.is_visible, *public)
    )
    comments = (
        select(Comment.id, Solution.title, Challenge.slug, Solution.id.label("solution_id"))
        .join(Solution, Solution.id == Comment.solution_id)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Comment.is_visible, *public)
    )
    return {"challenge": challenges, "solution": solutions, "comment": comments}


# The FTS5 table exists on SQLite only, created by a migration, so it stays out of the models.
_fts = Table("search_index", MetaData(), Column("kind", String), Column("item_id", Integer))
_fts_table: ColumnClause[Any] = literal_column("search_index")


def _sqlite_query(kinds: list[str], words: list[str], visible: dict[str, Select], match_any: bool):
    """Every word (or any word) as a prefix; joined to the visible rows of each kind."""
    match = (" OR " if match_any else " AND ").join(f'"{word}"*' for word in words)
    matches = (
        select(
            _fts.c.kind,
            _fts.c.item_id,
            (func.bm25(_fts_table, 10.0, 1.0) * -1).label("rank"),
            func.snippet(_fts_table, -1, START, STOP, "…", SNIPPET_WORDS).label("snippet"),
        )
        .where(_fts_table.op("MATCH")(match), _fts.c.kind.in_(kinds))
        .subquery()
    )
    rows = union_all(*[visible[kind].add_columns(literal(kind).label("kind")) for kind in kinds]).subquery()
    return select(
        rows.c.kind,
        rows.c.id.label("item_id"),
        rows.c.title,
        rows.c.slug,
        rows.c.solution_id,
        matches.c.rank,
        matches.c.snippet,
    ).select_from(rows.join(matches, (matches.c.kind == rows.c.kind) & (matches.c.item_id == rows.c.id)))


# PostgreSQL keeps each item's weighted tsvector in search_documents, written by triggers.
_documents = Table(
    "search_documents", MetaData(), Column("kind", String), Column("item_id", Integer), Column("vector", TSVECTOR)
)


def _postgres_query(kind: str, words: list[str], rows: Select, match_any: bool):
    models: dict[str, type[Challenge | Solution | Comment]] = {
        "challenge": Challenge,
        "solution": Solution,
        "comment": Comment,
    }
    model = models[kind]
    query = func.to_tsquery("italian", (" | " if match_any else " & ").join(f"{word}:*" for word in words))
    vector = _documents.c.vector
    options = f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=8, ShortWord=2, HighlightAll=false"
    sub = rows.subquery()
    return (
        select(
            literal(kind).label("kind"),
            sub.c.id.label("item_id"),
            sub.c.title,
            sub.c.slug,
            sub.c.solution_id,
            func.ts_rank(vector, query).label("rank"),
            func.ts_headline("italian", model.body, query, options).label("snippet"),
        )
        .select_from(
            sub.join(model.__table__, model.__table__.c.id == sub.c.id).join(
                _documents, (_documents.c.kind == kind) & (_documents.c.item_id == sub.c.id)
            )
        )
        .where(vector.op("@@")(query))
    )


def similar_solutions(challenge_slug: str, title: str, limit: int = 5) -> list[Hit]:
    """Published solutions of a challenge that share words with a title being typed."""
    words = [word for word in terms(title) if len(word) > 2]
    if not words:
        return []
    filters = SearchFilters(q=" ".join(words), kind="solution", challenge_slug=challenge_slug, match_any=True)
    return search(filters, 1, limit)[0]


def search(filters: SearchFilters, page: int, per_page: int) -> tuple[list[Hit], int]:
    """One page of hits, best first, and the total number of hits."""
    words = terms(filters.q)
    if not words:
        return [], 0
    kinds = [filters.kind] if filters.kind in KINDS else list(KINDS)
    visible = _visible_rows(filters)
    if db.engine.dialect.name == "postgresql":
        parts = [_postgres_query(kind, words, visible[kind], filters.match_any) for kind in kinds]
        everything = union_all(*parts).subquery()
    else:
        everything = _sqlite_query(kinds, words, visible, filters.match_any).subquery()
    total = db.session.execute(select(func.count()).select_from(everything)).scalar_one()
    rows = db.session.execute(
        select(everything)
        .order_by(everything.c.rank.desc(), everything.c.item_id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    hits = [
        Hit(row.kind, row.item_id, row.title, highlight(row.snippet or ""), row.slug, row.solution_id, float(row.rank))
        for row in rows
    ]
    return hits, total
