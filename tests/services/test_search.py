"""Full-text search: visibility, filters, ranking, snippets, Italian stemming, hostile queries."""

from __future__ import annotations

import pytest
from sqlalchemy import text as text_sql

from challenge.core.extensions import db
from challenge.search.italian_text import index_text
from challenge.search.service import SearchFilters, count_hits, search
from challenge.search.terms import highlight, snippet, terms
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


def test_italian_stemming(content):
    with content.app_context():
        assert ("challenge", "Meno code allo sportello anagrafe") in found("sportelli")


@pytest.fixture
def italian(app):
    """Fixed content for the relevance tests: the same orders are expected on both databases."""
    with app.app_context():
        waste = make_challenge(
            title="Raccolta dei rifiuti nei quartieri",
            summary="Cassonetti pieni.",
            body="I rifiuti restano in strada per giorni.",
        )
        make_challenge(
            title="Scuole più sicure",
            summary="Edifici scolastici da mettere a norma.",
            body="Molte scuole hanno bisogno di lavori; la scuola di via Roma per prima.",
        )
        mobility = make_challenge(
            title="Mobilità sostenibile in città",
            summary="Meno auto in centro.",
            body="Servono parcheggi per le biciclette vicino alla scuola e bici condivise.",
        )
        make_challenge(
            title="Università aperta alla città",
            summary="Corsi serali per la città.",
            body="L'università offre aule studio a tutta la città.",
        )
        make_solution(
            waste,
            title="Compostiera di quartiere",
            body="Il rifiuto organico: meno rifiuto in discarica, il rifiuto diventa terriccio, "
            "ogni rifiuto conta, nessun rifiuto sprecato.",
        )
        returnable = make_solution(waste, title="Meno rifiuti con il vuoto a rendere", body="Un deposito cauzionale.")
        bicycles = make_solution(
            mobility, title="Bicicletta in prestito per gli studenti", body="Una bicicletta per chi va a scuola."
        )
        make_comment(returnable, body="I rifiuti di plastica sono il problema maggiore.")
        make_comment(bicycles, body="Ottima idea per le SCUOLE del centro.")
    return app


WASTE = [
    ("challenge", "Raccolta dei rifiuti nei quartieri"),
    # The title match comes first, although the other solution says "rifiuto" five times.
    ("solution", "Meno rifiuti con il vuoto a rendere"),
    ("solution", "Compostiera di quartiere"),
    ("comment", "Meno rifiuti con il vuoto a rendere"),
]
SCHOOL = [
    ("challenge", "Scuole più sicure"),
    ("challenge", "Mobilità sostenibile in città"),
    ("solution", "Bicicletta in prestito per gli studenti"),
    ("comment", "Bicicletta in prestito per gli studenti"),
]
BICYCLES = [
    ("challenge", "Mobilità sostenibile in città"),
    ("solution", "Bicicletta in prestito per gli studenti"),
]
# Both titles say "città"; the university's text says it twice more.
CITY = [("challenge", "Università aperta alla città"), ("challenge", "Mobilità sostenibile in città")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rifiuti", WASTE),
        ("rifiuto", WASTE),
        ("RIFIUTO", WASTE),
        ("scuola", SCHOOL),
        ("scuole", SCHOOL),
        ("la scuola", SCHOOL),  # a stop word changes nothing
        ("biciclette", BICYCLES),
        ("bicicletta", BICYCLES),
        ("bicicl", BICYCLES),  # a word the stemmer keeps whole is also a prefix
        ("città", CITY),
        ("citta", CITY),
        ("CITTÀ", CITY),
        ("universita", [("challenge", "Università aperta alla città")]),
        ("mobilita sostenibile", [("challenge", "Mobilità sostenibile in città")]),
        ("rifiuti scuola", []),
    ],
)
def test_relevance_orders_kinds_then_title_matches_then_rank(italian, query, expected):
    with italian.app_context():
        assert found(query) == expected


def test_counts_per_kind(italian):
    with italian.app_context():
        assert count_hits(SearchFilters(q="scuole")) == {"challenge": 2, "solution": 1, "comment": 1, "document": 0}
        assert count_hits(SearchFilters(q="scuole", kind="solution")) == {
            "challenge": 2,
            "solution": 1,
            "comment": 1,
            "document": 0,
        }
        assert count_hits(SearchFilters(q="")) == {"challenge": 0, "solution": 0, "comment": 0, "document": 0}


def test_titles_and_snippets_mark_every_form_of_the_word(italian):
    with italian.app_context():
        hits, _total = search(SearchFilters(q="rifiuto", kind="solution"), 1, 10)
        assert str(hits[0].title_html) == "Meno <mark>rifiuti</mark> con il vuoto a rendere"
        assert hits[0].in_title and not hits[1].in_title
        assert str(hits[1].snippet).startswith("Il <mark>rifiuto</mark> organico: meno <mark>rifiuto</mark>")
        (city,) = search(SearchFilters(q="citta", kind="challenge"), 1, 1)[0]
        assert "<mark>città</mark>" in str(city.title_html) and "<mark>città</mark>" in str(city.snippet)


def test_snippet_is_a_window_around_the_first_match_and_escapes():
    query = terms("scuole")
    text = " ".join(f"parola{n}" for n in range(60)) + " <b>la scuola</b> & " + " ".join(f"fine{n}" for n in range(60))
    html = str(snippet(text, query, size=10))
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>scuola</mark>" in html and "&lt;b&gt;" not in html  # markup characters are dropped, not shown
    assert "<b>" not in html
    assert str(highlight("<i>Scuole</i>", query)) == "&lt;i&gt;<mark>Scuole</mark>&lt;/i&gt;"


def test_index_text_is_what_postgresql_stems(app):
    """SQLite's stems (Python) and PostgreSQL's search_italian configuration agree on these words."""
    text = "La Città è piena di RIFIUTI; le scuole, l'università e le biciclette perché più sportelli"
    assert index_text(text) == "citt pien rif scuol univers biciclett perc piu sportell"
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the configuration exists on PostgreSQL")
        vector = db.session.scalar(text_sql("SELECT strip(to_tsvector('search_italian', :t))::text"), {"t": text})
    assert sorted(vector.replace("'", "").split()) == sorted(index_text(text).split())


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
    from challenge.votes.service import vote_on_comment, vote_on_solution
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


@pytest.fixture
def mobility(app):
    """Words that share the stem "mobil": only "mobilità" (with or without its accent) is the same word."""
    with app.app_context():
        make_challenge(title="Fontanelle mobili per le feste", summary="Acqua nelle piazze.", body="Acqua.")
        make_challenge(title="Un impianto mobile di depurazione", summary="Acqua pulita.", body="Acqua.")
        make_challenge(title="Mobilità dolce", summary="Percorsi pedonali.", body="Marciapiedi larghi.")
        make_challenge(title="Piano della mobilita urbana", summary="Scritto senza accento.", body="Strade.")
    return app


def test_an_accented_word_matches_only_its_own_form(mobility):
    with mobility.app_context():
        assert {title for _kind, title in found("mobilità")} == {"Mobilità dolce", "Piano della mobilita urbana"}
        assert {title for _kind, title in found("MOBILITÀ acqua")} == set()
        # Without the accent the stem matches, as for any other word.
        assert len(found("mobilita")) == 4
        # Any word, as the similar-solution hints ask: the accented one still only as typed.
        assert {title for _kind, title in found("mobilità fontanelle", match_any=True)} == {
            "Fontanelle mobili per le feste",
            "Mobilità dolce",
            "Piano della mobilita urbana",
        }
    assert str(highlight("Mobilità e mobili", terms("mobilità"))) == "<mark>Mobilità</mark> e mobili"


def test_words_as_typed_rank_above_matches_by_stem_only(app):
    with app.app_context():
        challenge = make_challenge(title="Quartieri puliti")
        stem_only = make_solution(challenge, title="Raccolta porta a porta", body="rifiuti " * 8 + "ovunque.")
        as_typed = make_solution(challenge, title="Compost di condominio", body="Un rifiuto in meno, e basta.")
        hits, _total = search(SearchFilters(q="rifiuto", kind="solution"), 1, 10)
        assert [hit.item_id for hit in hits] == [as_typed.id, stem_only.id]
        assert [hit.is_exact for hit in hits] == [True, False]
        plural, _total = search(SearchFilters(q="rifiuti", kind="solution"), 1, 10)
        assert [hit.item_id for hit in plural] == [stem_only.id, as_typed.id]


def test_forms_index_is_what_postgresql_keeps(app):
    """PostgreSQL's search_forms configuration keeps the unaccented words, as the query expects."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the configuration exists on PostgreSQL")
        vector = db.session.scalar(
            text_sql("SELECT strip(to_tsvector('search_forms', :t))::text"), {"t": "La Mobilità, l'Università"}
        )
    assert sorted(vector.replace("'", "").split()) == ["l", "la", "mobilita", "universita"]
