"""Full-text search: visibility, filters, ranking, snippets, Italian stemming, hostile queries."""

from __future__ import annotations

import pytest

from challenge.extensions import db
from challenge.services.search import SearchFilters, search
from tests.factories import make_administration, make_challenge, make_comment, make_solution


def found(query: str, **filters) -> list[tuple[str, str]]:
    hits, _total = search(SearchFilters(q=query, **filters), 1, 50)
    return [(hit.kind, hit.title) for hit in hits]


@pytest.fixture
def content(app):
    with app.app_context():
        puglia = make_administration(name="Regione Puglia", slug="regione-puglia", region_code="16")
        challenge = make_challenge(
            puglia,
            title="Meno code allo sportello anagrafe",
            summary="Attese troppo lunghe per i certificati anagrafici.",
            body="Il problema delle code.",
            theme_id=2,
        )
        solution = make_solution(
            challenge,
            title="Prenotazione online dello sportello",
            body="Un calendario per prenotare lo sportello in anticipo.",
        )
        make_comment(solution, body="Serve anche uno sportello mobile nei quartieri.")
        make_solution(challenge, title="Soluzione ritirata sullo sportello", body="sportello", status="withdrawn")
        make_solution(challenge, title="Soluzione nascosta sullo sportello", body="sportello", status="hidden")
        make_challenge(title="Bozza sullo sportello segreto", status="draft")
        make_challenge(
            title="Piste ciclabili lungo il fiume", summary="Collegare i quartieri in bicicletta.", theme_id=3
        )
    return app


def test_finds_visible_items_of_every_kind(content):
    with content.app_context():
        results = found("sportello")
    kinds = {kind for kind, _title in results}
    titles = {title for _kind, title in results}
    assert kinds == {"challenge", "solution", "comment"}
    assert not any("ritirata" in t or "nascosta" in t or "Bozza" in t for t in titles)


def test_prefix_and_several_words(content):
    with content.app_context():
        assert ("solution", "Prenotazione online dello sportello") in found("prenota sportel")
        assert found("ciclabili fiume") == [("challenge", "Piste ciclabili lungo il fiume")]
        assert found("ciclabili sportello") == []


def test_filters(content):
    with content.app_context():
        assert {kind for kind, _ in found("sportello", kind="solution")} == {"solution"}
        assert found("ciclabili", theme=2) == []
        assert found("sportello", administration="regione-puglia")
        assert found("sportello", administration="altro-ente") == []
        assert found("sportello", status="closed") == []


def test_snippets_highlight_and_escape(content):
    with content.app_context():
        make_solution(title="Attenzione", body="<script>alert('sportello')</script> testo")
        hits, _ = search(SearchFilters(q="sportello"), 1, 50)
        snippets = " ".join(str(hit.snippet) for hit in hits)
    assert "<mark>" in snippets
    assert "<script>" not in snippets


VISIBLE_SPORTELLO = {
    ("challenge", "Meno code allo sportello anagrafe"),
    ("solution", "Prenotazione online dello sportello"),
    ("comment", "Prenotazione online dello sportello"),
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"', set()),
        ("'", set()),
        ('" OR 1=1 --', set()),
        ("NEAR(a b)", set()),
        ("sportello*", VISIBLE_SPORTELLO),
        ('"sportello" OR 1=1', set()),
        ("<b>x</b>", set()),
        ("a" * 5000, set()),
        ("AND OR NOT", set()),
        ("((", set()),
        ("-", set()),
        ("\x00", set()),
        ("über ñandú àncora", set()),
        ("sportello))", VISIBLE_SPORTELLO),
    ],
)
def test_hostile_queries_are_plain_words_and_never_fail(content, query, expected):
    """Operators and quotes are not syntax: only the words count, and hidden items stay hidden."""
    with content.app_context():
        hits, total = search(SearchFilters(q=query), 1, 10)
    assert {(hit.kind, hit.title) for hit in hits} == expected
    assert total == len(expected)
    assert all("<b>" not in str(hit.snippet) for hit in hits)


def test_italian_stemming_on_postgresql(content):
    with content.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("stemming is PostgreSQL's Italian configuration")
        assert ("challenge", "Meno code allo sportello anagrafe") in found("sportelli")


def test_pagination_and_total(content):
    with content.app_context():
        first, total = search(SearchFilters(q="sportello"), 1, 2)
        second, _ = search(SearchFilters(q="sportello"), 2, 2)
    assert total == 3
    assert len(first) == 2 and len(second) == 1
    assert not {(h.kind, h.item_id) for h in first} & {(h.kind, h.item_id) for h in second}


def search_row_version(kind: str, item_id: int):
    """What changes whenever the item's search row is written: FTS5's rowid, PostgreSQL's xmin."""
    if db.engine.dialect.name == "postgresql":
        sql = "SELECT xmin::text FROM search_documents WHERE kind = :kind AND item_id = :id"
    else:
        sql = "SELECT rowid FROM search_index WHERE kind = :kind AND item_id = :id"
    version = db.session.execute(db.text(sql), {"kind": kind, "id": item_id}).scalar_one()
    db.session.commit()  # a new snapshot, so the next read sees later writes
    return version


def test_votes_and_counters_leave_the_search_index_alone(app):
    from challenge.services.voting import vote_on_comment, vote_on_solution
    from tests.factories import make_user

    with app.app_context():
        challenge = make_challenge()
        solution = make_solution(challenge, title="Prenotazione dello sportello")
        comment = make_comment(solution, body="Serve uno sportello mobile.")
        make_comment(solution)  # not the last search row, whose rowid a rewrite would keep
        before = {
            kind: search_row_version(kind, item.id)
            for kind, item in (("challenge", challenge), ("solution", solution), ("comment", comment))
        }
        vote_on_solution(make_user(), solution, 1)
        vote_on_comment(make_user(), comment, -1)
        make_comment(solution)  # moves the solution's and the challenge's comment counters
        after = {
            kind: search_row_version(kind, item.id)
            for kind, item in (("challenge", challenge), ("solution", solution), ("comment", comment))
        }
        assert after == before


def hit_ids(query: str, kind: str) -> set[int]:
    return {hit.item_id for hit in search(SearchFilters(q=query, kind=kind), 1, 50)[0]}


@pytest.mark.parametrize("kind", ["challenge", "solution", "comment"])
def test_editing_the_text_updates_the_search_index(app, kind):
    with app.app_context():
        challenge = make_challenge(body="Un calendario condiviso.")
        solution = make_solution(challenge, body="Un calendario per prenotare.")
        comment = make_comment(solution, body="Il calendario non basta.")
        make_challenge()  # not the last search row, whose rowid a rewrite would keep
        model = {"challenge": type(challenge), "solution": type(solution), "comment": type(comment)}[kind]
        item_id = {"challenge": challenge.id, "solution": solution.id, "comment": comment.id}[kind]
        before = search_row_version(kind, item_id)
        db.session.execute(db.update(model).where(model.id == item_id).values(body="Un chiosco in biblioteca."))
        db.session.commit()
        assert search_row_version(kind, item_id) != before
        assert item_id in hit_ids("chiosco biblioteca", kind)
        assert item_id not in hit_ids("calendario", kind)
