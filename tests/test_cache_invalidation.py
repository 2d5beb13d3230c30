"""Invalidation derived from the session: each write refreshes what shows it, and nothing else."""

from __future__ import annotations

import pytest
from sqlalchemy import bindparam, event, insert, literal, select, text, update

from challenge.cache import statements
from challenge.cache.scopes import (
    CONTENT,
    GENERATION,
    PUBLISHED,
    VOTES,
    administration_scope,
    challenge_scope,
    solution_scope,
)
from challenge.cache.versions import bump
from challenge.core.extensions import db
from challenge.core.recount import recount
from challenge.leaderboards import service as leaderboards
from challenge.models import Solution, SolutionVote, User, utcnow
from challenge.solutions.service import edit_solution
from challenge.votes.service import vote_on_comment, vote_on_solution
from tests.conftest import empty_tables
from tests.factories import make_challenge, make_comment, make_solution, make_user


@pytest.fixture
def cached_app(app_factory):
    app = app_factory(CACHE_BACKEND="memory")
    with app.app_context():
        empty_tables()
    return app


def _behind_the_cache(solution_id: int, title: str) -> None:
    """Raw SQL, which no session event sees: the cache keeps what it had."""
    db.session.execute(text("UPDATE solutions SET title = :title WHERE id = :id"), {"title": title, "id": solution_id})
    db.session.commit()


def _rename_challenge_behind_the_cache(slug: str, title: str) -> None:
    db.session.execute(text("UPDATE challenges SET title = :title WHERE slug = :slug"), {"title": title, "slug": slug})
    db.session.commit()


def _all_versions() -> dict[str, int]:
    return {
        scope: int(total)
        for scope, total in db.session.execute(text("SELECT scope, SUM(version) FROM cache_versions GROUP BY scope"))
    }


def _bumped_by(write) -> set[str]:
    """The scopes whose version a write (a function run in the app context) changed."""
    before = _all_versions()
    write()
    return {scope for scope, version in _all_versions().items() if version != before.get(scope)}


def test_a_vote_bumps_its_solution_its_challenge_and_the_vote_rankings_only(app):
    with app.app_context():
        solution = make_solution()
        voter, slug, solution_id = make_user(), solution.challenge.slug, solution.id
        bumped = _bumped_by(lambda: vote_on_solution(voter, db.session.get(Solution, solution_id), 1))
        assert bumped == {solution_scope(solution_id), challenge_scope(slug), VOTES}


def test_a_bulk_update_counts_a_column_it_both_reads_in_where_and_sets(app):
    """A statement's SET is read through its public traversal: `status` in WHERE and in SET still counts."""
    with app.app_context():
        solution = make_solution()
        slug, solution_id = solution.challenge.slug, solution.id

        def withdraw() -> None:
            db.session.execute(
                update(Solution)
                .where(Solution.id == solution_id, Solution.status == "published")
                .values(status="withdrawn")
            )
            db.session.commit()

        assert _bumped_by(withdraw) == {solution_scope(solution_id), challenge_scope(slug), CONTENT, PUBLISHED}


def test_an_update_nested_in_a_cte_of_one_statement_is_seen(app):
    """One statement that inserts a vote and moves its solution's counters in a CTE bumps what they show."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite allows no INSERT, UPDATE or DELETE inside a WITH clause")
        solution = make_solution()
        voter, slug, solution_id = make_user(), solution.challenge.slug, solution.id

        def vote_in_one_statement() -> None:
            move = (
                update(Solution)
                .where(Solution.id == solution_id)
                .values(votes_up=Solution.votes_up + 1)
                .returning(Solution.id)
                .cte("move")
            )
            row = select(literal(voter.id), move.c.id, literal(1), literal(utcnow()), literal(utcnow()))
            columns = ["user_id", "solution_id", "value", "created_at", "updated_at"]
            db.session.execute(insert(SolutionVote).from_select(columns, row).add_cte(move))
            db.session.commit()

        assert _bumped_by(vote_in_one_statement) == {solution_scope(solution_id), challenge_scope(slug), VOTES}


def test_a_statement_built_once_is_read_once_and_bumps_the_rows_of_each_execution(app, monkeypatch):
    """What a statement writes is read from its structure once; the rows it names, from each execution."""
    with app.app_context():
        first, second = make_solution(), make_solution()
        named = {first.id: first.challenge.slug, second.id: second.challenge.slug}
        rename = (
            update(Solution)
            .where(Solution.id == bindparam("solution_id"))
            .values(title=bindparam("title"))
            .execution_options(synchronize_session=False)
        )
        read = []
        monkeypatch.setattr(
            statements, "_write_of", lambda found, real=statements._write_of: read.append(found) or real(found)
        )

        def renaming(solution_id: int):
            def write() -> None:
                db.session.execute(rename, {"solution_id": solution_id, "title": "Uno sportello per tutti"})
                db.session.commit()

            return write

        for solution_id, slug in named.items():
            assert _bumped_by(renaming(solution_id)) == {solution_scope(solution_id), challenge_scope(slug), CONTENT}
        assert len(read) == 1


def test_a_bump_of_as_many_scopes_runs_the_statement_built_for_them(app):
    """One statement per number of scopes, built once: each of its scopes gains one, whichever they are."""
    with app.app_context():
        executed = []
        session = db.session()
        event.listen(session, "do_orm_execute", lambda state: state.is_insert and executed.append(state.statement))
        before = _all_versions()
        bump(session, ["solution:1", "votes"])
        bump(session, ["challenge:una-sfida", "votes"])
        db.session.commit()
        assert len(executed) == 2 and executed[0] is executed[1]
        gained = {scope: version - before.get(scope, 0) for scope, version in _all_versions().items()}
        assert {scope: n for scope, n in gained.items() if n} == {"solution:1": 1, "challenge:una-sfida": 1, "votes": 2}


def test_a_comment_vote_bumps_its_solution_and_the_contributors_only(app):
    with app.app_context():
        comment = make_comment()
        voter, solution_id = make_user(), comment.solution_id
        bumped = _bumped_by(lambda: vote_on_comment(voter, comment, 1))
        assert bumped == {solution_scope(solution_id), VOTES}


def test_an_edit_bumps_its_solution_its_challenge_and_site_content(app):
    with app.app_context():
        solution = make_solution()
        author, slug, solution_id = solution.author, solution.challenge.slug, solution.id
        bumped = _bumped_by(
            lambda: edit_solution(author, solution, "Titolo nuovo e più chiaro", "Testo nuovo della proposta.")
        )
        assert bumped == {solution_scope(solution_id), challenge_scope(slug), CONTENT}


def test_a_new_solution_bumps_the_counters_of_its_challenge_and_administration(app):
    with app.app_context():
        challenge = make_challenge()
        slug, administration_slug = challenge.slug, challenge.administration.slug
        bumped = _bumped_by(lambda: make_solution(challenge))
        assert {challenge_scope(slug), administration_scope(administration_slug), CONTENT, PUBLISHED} <= bumped
        assert GENERATION not in bumped and VOTES in bumped  # a new row may enter any ranking


def test_a_challenge_status_change_and_a_rename_bump_the_generation(app):
    with app.app_context():
        challenge = make_challenge()
        user = make_user()

        def close() -> None:
            challenge.status = "closed"
            db.session.commit()

        def rename() -> None:
            user.name = "Nome cambiato"
            db.session.commit()

        assert _bumped_by(close) == {GENERATION}
        assert _bumped_by(rename) == {GENERATION}


def test_private_rows_bump_nothing(app):
    with app.app_context():
        user = make_user()

        def sign_in_bookkeeping() -> None:
            from challenge.account import sessions as auth_sessions

            auth_sessions.start(user, "pytest")

        assert _bumped_by(sign_in_bookkeeping) == set()


def test_a_rolled_back_write_bumps_nothing(app):
    with app.app_context():
        solution = make_solution()

        def abandoned_edit() -> None:
            solution.title = "Mai salvato"
            db.session.flush()
            db.session.rollback()
            db.session.commit()

        assert _bumped_by(abandoned_edit) == set()


def test_editing_a_solution_refreshes_every_cached_page_that_shows_it(cached_app):
    client = cached_app.test_client()
    with cached_app.app_context():
        solution = make_solution(title="Sportello unico digitale")
        voter = make_user()
        vote_on_solution(voter, solution, 1)
        solution_id, slug, author_id = solution.id, solution.challenge.slug, solution.author_id
    pages = [
        "/",
        f"/challenges/{slug}",
        f"/solutions/{solution_id}",
        "/leaderboards",
        "/feeds/solutions.atom",
        f"/challenges/{slug}/feed.atom",
        "/api/v1/stats",
    ]
    for page in pages:
        assert "Sportello unico digitale" in client.get(page).get_data(as_text=True), page
    with cached_app.app_context():
        edit_solution(
            db.session.get(User, author_id),
            db.session.get(Solution, solution_id),
            "Sportello unico rinnovato",
            "Testo nuovo della proposta.",
        )
    for page in pages:
        assert "Sportello unico rinnovato" in client.get(page).get_data(as_text=True), page


def test_a_vote_leaves_the_cached_pages_of_other_challenges_untouched(cached_app):
    client = cached_app.test_client()
    with cached_app.app_context():
        voted = make_solution(title="Proposta votata")
        other = make_solution(title="Proposta di un'altra sfida")
        voter = make_user()
        voter_id, voted_id, other_id, other_slug = voter.id, voted.id, other.id, other.challenge.slug
        other_admin = other.challenge.administration.slug
    untouched = [
        f"/challenges/{other_slug}",
        f"/solutions/{other_id}",
        f"/administrations/{other_admin}",
        "/challenges",
        f"/challenges/{other_slug}/feed.atom",
    ]
    stored = {page: client.get(page).get_data(as_text=True) for page in untouched}
    with cached_app.app_context():
        _rename_challenge_behind_the_cache(other_slug, "Sfida rinominata di nascosto")
        vote_on_solution(db.session.get(User, voter_id), db.session.get(Solution, voted_id), 1)
    for page in untouched:
        html = client.get(page).get_data(as_text=True)
        assert "Sfida rinominata di nascosto" not in html and html == stored[page], (
            f"{page} was recomputed after a vote elsewhere"
        )
    assert "1 a favore, 0 contro" in client.get("/leaderboards").get_data(as_text=True)


def test_votes_and_comments_do_not_recompute_the_most_proactive_administrations(cached_app, monkeypatch):
    calls = []
    original = leaderboards.administration_scores
    monkeypatch.setattr(leaderboards, "administration_scores", lambda since: calls.append(since) or original(since))
    client = cached_app.test_client()
    with cached_app.app_context():
        solution = make_solution(title="Proposta votata")
        voter_id, solution_id = make_user().id, solution.id
    client.get("/leaderboards")
    client.get("/")
    computed = len(calls)
    assert computed == 2, "one period for the leaderboards, all time for the home box"
    with cached_app.app_context():
        vote_on_solution(db.session.get(User, voter_id), db.session.get(Solution, solution_id), 1)
        make_comment(db.session.get(Solution, solution_id))
    assert "1 a favore, 0 contro" in client.get("/leaderboards").get_data(as_text=True)
    client.get("/")
    assert len(calls) == computed
    with cached_app.app_context():
        make_solution(title="Una proposta nuova")
    assert "Una proposta nuova" in client.get("/leaderboards").get_data(as_text=True)
    assert len(calls) == computed + 1, "a new solution counts for its administration"


def test_recount_ends_in_a_consistent_cache_after_writes_behind_its_back(cached_app):
    client = cached_app.test_client()
    with cached_app.app_context():
        solution_id = make_solution(title="Titolo di partenza").id
    assert "Titolo di partenza" in client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    with cached_app.app_context():
        _behind_the_cache(solution_id, "Titolo scritto a mano")
    assert "Titolo di partenza" in client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    with cached_app.app_context():
        assert recount() == []
    assert "Titolo scritto a mano" in client.get(f"/solutions/{solution_id}").get_data(as_text=True)
