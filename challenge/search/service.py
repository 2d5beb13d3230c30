"""Full-text search over what the reader may see, in Italian, the same on both databases.

Both indexes hold Snowball stems of unaccented lower-case words (see `italian_text`): FTS5
on SQLite, whose rows store the stems that `index_text` computed, and a weighted tsvector
of the `search_italian` configuration on PostgreSQL. A query's words are matched by stem
("rifiuto" finds "rifiuti", "Universita" finds "università"); a word the stemmer leaves
as it is may be the start of a longer one, so it also matches as a prefix ("sportel").
Both indexes also hold each item's words as written, unaccented and lower case (`forms`):
an accented query word matches only that word ("mobilità" finds "mobilita" but not "mobili",
whose stem is the same), since Italian words with a written accent do not inflect.

The titles of documents attached to challenges and solutions are indexed too, as their own kind.

Hits come grouped by kind (challenges, then solutions, then comments, then documents); within a kind,
items whose title holds every word come first, then the rest; in each of these, items
holding every word as typed come before those matching only by stem, then by relevance
(BM25 on SQLite, ts_rank on PostgreSQL), then newest first. Snippets and titles are
highlighted in Python from the original text, escaped first (`terms.py`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from flask import Flask
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
    and_,
    case,
    cast,
    event,
    false,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import TSVECTOR

from ..core.extensions import db
from ..models import Administration, Attachment, Challenge, Comment, Solution
from .italian_text import index_text
from .terms import Term, highlight, snippet, terms

KINDS = ("challenge", "solution", "comment", "document")
# The PostgreSQL text search configuration of migration 0014: unaccent, then Italian Snowball.
CONFIGURATION = "search_italian"


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
    title_html: Markup  # the title with the matched words marked
    snippet: Markup
    challenge_slug: str
    solution_id: int | None
    in_title: bool
    is_exact: bool  # every word found as typed, not only by its stem
    rank: float


def _visible_rows(filters: SearchFilters) -> dict[str, Select]:
    """id, title, text, challenge slug and solution id of visible items of each kind, filters applied."""
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
        Challenge.id,
        Challenge.title,
        (Challenge.summary + " " + Challenge.body).label("text"),
        Challenge.slug.label("slug"),
        cast(null(), Integer).label("solution_id"),
    ).where(*public)
    solutions = (
        select(
            Solution.id, Solution.title, Solution.body.label("text"), Challenge.slug, Solution.id.label("solution_id")
        )
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Solution.is_visible, *public)
    )
    comments = (
        select(Comment.id, Solution.title, Comment.body.label("text"), Challenge.slug, Solution.id.label("solution_id"))
        .join(Solution, Solution.id == Comment.solution_id)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Comment.is_visible, *public)
    )
    # A document (only documents are indexed, migration 0029_document_search) is found by its title and leads to its
    # item, which it follows in visibility; the item's title is its text, shown as the snippet.
    documents = (
        select(
            Attachment.id,
            Attachment.title,
            func.coalesce(Solution.title, Challenge.title).label("text"),
            Challenge.slug,
            Attachment.solution_id,
        )
        .outerjoin(Solution, Solution.id == Attachment.solution_id)
        .join(Challenge, Challenge.id == func.coalesce(Attachment.challenge_id, Solution.challenge_id))
        .where(or_(Attachment.solution_id.is_(None), Solution.is_visible), *public)
    )
    return {"challenge": challenges, "solution": solutions, "comment": comments, "document": documents}


# The FTS5 table exists on SQLite only, created by a migration, so it stays out of the models.
_fts = Table(
    "search_index",
    MetaData(),
    Column("kind", String),
    Column("item_id", Integer),
    Column("rowid", Integer),
)
_fts_table: ColumnClause[Any] = literal_column("search_index")


def _fts_stem(term: Term) -> str:
    """One term's stem as an FTS5 phrase: quoted, so nothing typed is syntax."""
    return f'"{term.stem}"' + ("*" if term.is_prefix else "")


def _fts_match(query: list[Term], match_any: bool) -> str:
    """An FTS5 query of stems, and of forms for accented words."""
    joiner = " OR " if match_any else " AND "
    plain = [_fts_stem(t) for t in query if not t.is_accented]
    accented = [f'"{t.word}"' for t in query if t.is_accented]
    parts = [f"{{title body}} : ({joiner.join(plain)})"] if plain else []
    if accented:
        parts.append(f"forms : ({joiner.join(accented)})")
    return joiner.join(parts)


def _fts_in(expression: str):
    """Whether the outer row is among the index rows matching `expression`."""
    return _fts.c.rowid.in_(
        select(_fts.c.rowid)
        .where(_fts_table.op("MATCH")(expression))
        .correlate(None)  # its own scan of the index, not the outer row's
    )


def _sqlite_matches(kinds: list[str], query: list[Term], match_any: bool):
    """kind, item_id, in_title, exact and rank of every indexed item of these kinds that matches."""
    joiner = " OR " if match_any else " AND "
    stems = joiner.join(_fts_stem(t) for t in query)
    forms = joiner.join(f'"{t.word}"' for t in query)
    return (
        select(
            _fts.c.kind,
            _fts.c.item_id,
            case((_fts_in(f"title : ({stems})"), 1), else_=0).label("in_title"),
            case((_fts_in(f"forms : ({forms})"), 1), else_=0).label("exact"),
            # Weights by column: kind and item_id are not indexed; title 10, body 1; forms only
            # decide `exact`, which sorts before the rank.
            (func.bm25(_fts_table, 0.0, 0.0, 10.0, 1.0, 0.0) * -1).label("rank"),
        )
        .where(_fts_table.op("MATCH")(_fts_match(query, match_any)), _fts.c.kind.in_(kinds))
        .subquery()
    )


# PostgreSQL keeps each item's weighted tsvector in search_documents, written by triggers:
# weight A for the title, B for the rest; and the unaccented words as written in `forms`.
_documents = Table(
    "search_documents",
    MetaData(),
    Column("kind", String),
    Column("item_id", Integer),
    Column("vector", TSVECTOR),
    Column("forms", TSVECTOR),
)
# The configuration of migration 0022 for `forms`: unaccent, then no stemming.
FORMS_CONFIGURATION = "search_forms"


def _tsquery(query: list[Term], match_any: bool, weight: str = ""):
    """to_tsquery of the query's words (letters and digits only), each a prefix if the Term says so."""
    labels = [("*" if t.is_prefix else "") + weight for t in query]
    parts = (f"{t.word}:{label}" if label else t.word for t, label in zip(query, labels, strict=True))
    return func.to_tsquery(CONFIGURATION, (" | " if match_any else " & ").join(parts))


def _forms_tsquery(query: list[Term], match_any: bool):
    """to_tsquery of the query's words as typed, unaccented, for the `forms` vector."""
    return func.to_tsquery(FORMS_CONFIGURATION, (" | " if match_any else " & ").join(t.word for t in query))


def _postgres_matches(kinds: list[str], query: list[Term], match_any: bool):
    vector, forms = _documents.c.vector, _documents.c.forms
    plain = [t for t in query if not t.is_accented]
    accented = [t for t in query if t.is_accented]
    # A form matched implies its stem matched, so accented words need only the forms.
    conditions = [vector.op("@@")(_tsquery(plain, match_any))] if plain else []
    if accented:
        conditions.append(forms.op("@@")(_forms_tsquery(accented, match_any)))
    return (
        select(
            _documents.c.kind,
            _documents.c.item_id,
            case((vector.op("@@")(_tsquery(query, match_any, "A")), 1), else_=0).label("in_title"),
            case((forms.op("@@")(_forms_tsquery(query, match_any)), 1), else_=0).label("exact"),
            func.ts_rank(vector, _tsquery(query, match_any)).label("rank"),
        )
        .where(or_(*conditions) if match_any else and_(*conditions), _documents.c.kind.in_(kinds))
        .subquery()
    )


def _hits_query(filters: SearchFilters, query: list[Term], kinds: list[str]):
    """Every visible hit of these kinds, with its kind's position, title flag and rank."""
    visible = _visible_rows(filters)
    rows = union_all(
        *[
            visible[kind].add_columns(literal(kind).label("kind"), literal(KINDS.index(kind)).label("kind_order"))
            for kind in kinds
        ]
    ).subquery()
    if db.engine.dialect.name == "postgresql":
        matches = _postgres_matches(kinds, query, filters.match_any)
    else:
        matches = _sqlite_matches(kinds, query, filters.match_any)
    return select(
        rows.c.kind,
        rows.c.kind_order,
        rows.c.id.label("item_id"),
        rows.c.title,
        rows.c.text,
        rows.c.slug,
        rows.c.solution_id,
        matches.c.in_title,
        matches.c.exact,
        matches.c.rank,
    ).select_from(rows.join(matches, (matches.c.kind == rows.c.kind) & (matches.c.item_id == rows.c.id)))


def _kinds(filters: SearchFilters) -> list[str]:
    return [filters.kind] if filters.kind in KINDS else list(KINDS)


def similar_solutions(challenge_slug: str, title: str, limit: int = 5) -> list[Hit]:
    """Published solutions of a challenge that share words with a title being typed."""
    if not terms(title):
        return []
    filters = SearchFilters(q=title, kind="solution", challenge_slug=challenge_slug, match_any=True)
    return search(filters, 1, limit, count=False)[0]


def matching_ids(kind: str, q: str) -> Select:
    """The ids of the items of a kind whose indexed text matches every word of `q` (none without words).

    Visibility is not applied: the caller's query already selects what a reader may see.
    """
    query = terms(q)
    if not query:
        return select(literal(0)).where(false())
    if db.engine.dialect.name == "postgresql":
        matches = _postgres_matches([kind], query, match_any=False)
    else:
        matches = _sqlite_matches([kind], query, match_any=False)
    return select(matches.c.item_id)


def count_hits(filters: SearchFilters) -> dict[str, int]:
    """How many visible items of each kind match the query, whatever filters.kind says."""
    query = terms(filters.q)
    if not query:
        return dict.fromkeys(KINDS, 0)
    everything = _hits_query(filters, query, list(KINDS)).subquery()
    counts: dict[str, int] = dict(
        db.session.execute(select(everything.c.kind, func.count()).group_by(everything.c.kind)).all()
    )
    return {kind: counts.get(kind, 0) for kind in KINDS}


def search(filters: SearchFilters, page: int, per_page: int, count: bool = True) -> tuple[list[Hit], int]:
    """One page of hits (challenges, solutions, comments, then documents; best first in each) and their total
    (0 with `count=False`, for a hint that shows no total and so saves its statement)."""
    query = terms(filters.q)
    if not query:
        return [], 0
    everything = _hits_query(filters, query, _kinds(filters)).subquery()
    total = db.session.execute(select(func.count()).select_from(everything)).scalar_one() if count else 0
    rows = db.session.execute(
        select(everything)
        .order_by(
            everything.c.kind_order,
            everything.c.in_title.desc(),
            everything.c.exact.desc(),
            everything.c.rank.desc(),
            everything.c.item_id.desc(),
        )
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    hits = [
        Hit(
            kind=row.kind,
            item_id=row.item_id,
            title=row.title,
            title_html=highlight(row.title, query) if row.kind != "comment" else Markup(escape(row.title)),
            snippet=snippet(row.text or "", query),
            challenge_slug=row.slug,
            solution_id=row.solution_id,
            in_title=bool(row.in_title),
            is_exact=bool(row.exact),
            rank=float(row.rank),
        )
        for row in rows
    ]
    return hits, total


def init_app(app: Flask) -> None:
    """Give SQLite connections `search_stems`, which the search index's triggers call."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _add_sqlite_stems)


def _add_sqlite_stems(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.create_function("search_stems", 1, index_text, deterministic=True)
