"""The public-data cache: values are served from it, writes invalidate it, a dead Redis is skipped."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from sqlalchemy import text

from challenge.challenges.service import change_status
from challenge.core.extensions import db
from challenge.models import Challenge, Solution, User
from challenge.text import clock
from challenge.votes.service import vote_on_solution
from tests.conftest import empty_tables
from tests.factories import login, make_administration, make_challenge, make_solution, make_user


def _cached_app(app_factory, **overrides):
    app = app_factory(**{"CACHE_BACKEND": "memory", **overrides})
    with app.app_context():
        empty_tables()
    return app


@pytest.fixture
def cached_app(app_factory):
    return _cached_app(app_factory)


def _vote(voter_id: int, solution_id: int) -> None:
    vote_on_solution(db.session.get(User, voter_id), db.session.get(Solution, solution_id), 1)


def _rename_behind_the_cache(solution_id: int, title: str) -> None:
    """A write in raw SQL, which the session cannot see, so nothing tells the cache."""
    db.session.execute(text("UPDATE solutions SET title = :title WHERE id = :id"), {"title": title, "id": solution_id})
    db.session.commit()


def test_cached_leaderboard_is_served_until_a_vote_changes_it(cached_app):
    client = cached_app.test_client()
    with cached_app.app_context():
        solution = make_solution(title="Prenotazioni online agli sportelli")
        voter_id, solution_id = make_user().id, solution.id
    assert "0 a favore, 0 contro" in client.get("/leaderboards").get_data(as_text=True)
    with cached_app.app_context():
        _rename_behind_the_cache(solution_id, "Titolo cambiato di nascosto")
    assert "Prenotazioni online agli sportelli" in client.get("/leaderboards").get_data(as_text=True)
    with cached_app.app_context():
        _vote(voter_id, solution_id)
    html = client.get("/leaderboards").get_data(as_text=True)
    assert "1 a favore, 0 contro" in html
    assert "Titolo cambiato di nascosto" in html


def test_home_statistics_follow_a_vote_at_once(cached_app):
    client = cached_app.test_client()
    with cached_app.app_context():
        solution = make_solution(title="Sportello unico per le imprese")
        voter_id, solution_id = make_user().id, solution.id
    assert "Nessun voto ancora" in client.get("/").get_data(as_text=True)
    with cached_app.app_context():
        _vote(voter_id, solution_id)
    box = client.get("/").get_data(as_text=True).split('id="stats-title"')[1]
    best_voted = box.split("Opinione meglio votata")[1].split("</dd>")[0]
    assert f'href="/solutions/{solution_id}">Sportello unico per le imprese</a>' in best_voted


def test_anonymous_challenge_list_is_cached_and_follows_status_changes(cached_app):
    client = cached_app.test_client()
    with cached_app.app_context():
        staff = make_user(role="staff")
        draft = make_challenge(staff.administration, status="draft", opened_at=None, title="Bozza riservata")
        make_challenge(staff.administration, title="Sfida già aperta")
        staff_id, draft_id = staff.id, draft.id
    html = client.get("/challenges").get_data(as_text=True)
    assert "1 sfida trovata" in html and "Bozza riservata" not in html
    staff_client = cached_app.test_client()
    with cached_app.app_context():
        login(staff_client, db.session.get(User, staff_id))
    assert "Bozza riservata" in staff_client.get("/challenges").get_data(as_text=True)
    assert "Bozza riservata" not in client.get("/challenges").get_data(as_text=True)
    with cached_app.app_context():
        change_status(db.session.get(User, staff_id), db.session.get(Challenge, draft_id), "open")
    html = client.get("/challenges").get_data(as_text=True)
    assert "2 sfide trovate" in html and "Bozza riservata" in html


def test_cached_listing_pages_match_the_database(cached_app):
    with cached_app.app_context():
        titles = [make_challenge(title=f"Sfida in elenco numero {n:02d}").title for n in range(25)]
    client = cached_app.test_client()
    for _round in range(2):  # the second round is served from the cache
        first = client.get("/challenges").get_data(as_text=True)
        second = client.get("/challenges?page=2").get_data(as_text=True)
        assert "25 sfide trovate" in first and "25 sfide trovate" in second
        assert all(title in first for title in titles[5:]) and not any(title in first for title in titles[:5])
        assert all(title in second for title in titles[:5])


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_pages_and_votes_work_when_redis_is_down(app_factory):
    app = _cached_app(app_factory, CACHE_BACKEND="redis", CACHE_REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0")
    client = app.test_client()
    with app.app_context():
        solution = make_solution(title="Anagrafe senza code")
        voter_id, solution_id = make_user().id, solution.id
    for url in ("/", "/leaderboards", "/challenges"):
        assert client.get(url).status_code == 200
    with app.app_context():
        _vote(voter_id, solution_id)
    assert "1 a favore, 0 contro" in client.get("/leaderboards").get_data(as_text=True)


def test_api_stats_are_cached_until_a_vote_changes_them(cached_app):
    client = cached_app.test_client()
    with cached_app.app_context():
        solution = make_solution(title="Sportello digitale per i tributi")
        voter_id, solution_id = make_user().id, solution.id
    assert client.get("/api/v1/stats").get_json()["best_voted"] is None
    with cached_app.app_context():
        _rename_behind_the_cache(solution_id, "Titolo cambiato di nascosto")
        _vote(voter_id, solution_id)
    assert client.get("/api/v1/stats").get_json()["best_voted"]["title"] == "Titolo cambiato di nascosto"
    with cached_app.app_context():
        _rename_behind_the_cache(solution_id, "Ancora un altro titolo")
    assert client.get("/api/v1/stats").get_json()["best_voted"]["title"] == "Titolo cambiato di nascosto"


def test_every_anonymous_visitor_gets_the_same_bytes_with_no_token_and_no_cookie(app_factory):
    app = _cached_app(app_factory, WTF_CSRF_ENABLED=True)
    with app.app_context():
        solution = make_solution(title="Sportello senza code")
        solution_id, slug = solution.id, solution.challenge.slug
    for url in (
        "/",
        "/challenges",
        f"/challenges/{slug}",
        f"/solutions/{solution_id}",
        "/leaderboards",
        "/feeds/solutions.atom",
    ):
        first, second = app.test_client().get(url), app.test_client().get(url)
        assert first.status_code == 200 and first.get_data() == second.get_data(), url
        assert "Set-Cookie" not in first.headers and "Set-Cookie" not in second.headers, url
        assert "csrf_token" not in first.get_data(as_text=True), url


def test_the_language_switch_works_without_a_token_and_changes_only_the_language(app_factory):
    app = _cached_app(app_factory, WTF_CSRF_ENABLED=True)
    visitor = app.test_client()
    switched = visitor.post("/lang", data={"lang": "en", "next": "/challenges"})
    assert switched.status_code == 303 and switched.headers["Location"] == "/challenges"
    assert 'lang="en"' in visitor.get("/challenges").get_data(as_text=True)
    assert 'lang="it"' in app.test_client().get("/challenges").get_data(as_text=True)


def test_user_text_holding_the_old_csrf_placeholder_never_receives_a_token(app_factory):
    app = _cached_app(app_factory, WTF_CSRF_ENABLED=True)
    with app.app_context():
        solution_id = make_solution(
            title="Segnaposto", body_html="<p>Testo con __sfide_csrf_placeholder__ dentro</p>"
        ).id
        member = app.test_client()
        login(member, make_user())
    for client in (app.test_client(), app.test_client(), member):
        html = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
        assert "<p>Testo con __sfide_csrf_placeholder__ dentro</p>" in html


def test_signed_in_readers_and_pending_messages_bypass_the_page_cache(app_factory):
    app = _cached_app(app_factory)
    with app.app_context():
        solution_id = make_solution(title="Sportello senza code").id
        reader_id = make_user().id
    visitor, member = app.test_client(), app.test_client()
    visitor.get(f"/solutions/{solution_id}")
    with app.app_context():
        _rename_behind_the_cache(solution_id, "Titolo cambiato di nascosto")
        login(member, db.session.get(User, reader_id))
    assert "Titolo cambiato di nascosto" in member.get(f"/solutions/{solution_id}").get_data(as_text=True)
    with visitor.session_transaction() as session:
        session["_flashes"] = [("success", "Messaggio per te soltanto")]
    html = visitor.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Messaggio per te soltanto" in html and "Titolo cambiato di nascosto" in html
    assert "Messaggio per te soltanto" not in app.test_client().get(f"/solutions/{solution_id}").get_data(as_text=True)


def test_the_atom_feed_is_shared_until_the_data_changes(cached_app):
    with cached_app.app_context():
        solution = make_solution(title="Sportello senza code")
        voter_id, solution_id = make_user().id, solution.id
    client = cached_app.test_client()
    assert "Sportello senza code" in client.get("/feeds/solutions.atom").get_data(as_text=True)
    with cached_app.app_context():
        _rename_behind_the_cache(solution_id, "Titolo cambiato di nascosto")
    served = client.get("/feeds/solutions.atom")
    assert served.mimetype == "application/atom+xml" and "Sportello senza code" in served.get_data(as_text=True)
    with cached_app.app_context():
        _vote(voter_id, solution_id)
    assert "Sportello senza code" in client.get("/feeds/solutions.atom").get_data(as_text=True), "a feed shows no votes"
    with cached_app.app_context():
        make_solution(title="Una proposta nuova")
    feed = client.get("/feeds/solutions.atom").get_data(as_text=True)
    assert "Una proposta nuova" in feed and "Titolo cambiato di nascosto" in feed


def test_top_contributors_of_a_period_follow_votes_within_cache_stale_for(app_factory, monkeypatch):
    """The one aggregate that reads a whole period is recomputed at most every CACHE_STALE_FOR seconds,
    and a page that shows it is kept no longer; the rankings beside it follow each vote at once."""
    app = _cached_app(app_factory, CACHE_STALE_FOR=0.3)
    now = clock.now()
    monkeypatch.setattr(clock, "now", lambda: now)  # entries are dated by this clock: a slow machine is no later
    client = app.test_client()
    with app.app_context():
        solution = make_solution(title="Sportello digitale", author=make_user(name="Autrice Premiata"))
        voter_id, solution_id = make_user().id, solution.id
    assert "Nessun voto ricevuto nel periodo." in client.get("/leaderboards?period=30d").get_data(as_text=True)
    with app.app_context():
        _vote(voter_id, solution_id)
    behind = client.get("/leaderboards?period=30d").get_data(as_text=True)
    assert "1 a favore, 0 contro" in behind and "Nessun voto ricevuto nel periodo." in behind
    all_time = client.get("/leaderboards?period=all").get_data(as_text=True)
    assert "Autrice Premiata" in all_time.split('id="lb-people"')[1]  # the kept balances: exact at once
    monkeypatch.setattr(clock, "now", lambda: now + timedelta(seconds=0.4))
    caught_up = client.get("/leaderboards?period=30d").get_data(as_text=True)
    assert "Autrice Premiata" in caught_up.split('id="lb-people"')[1] and "1 voto netto" in caught_up


def _midnight_after_today(monkeypatch, offset: timedelta) -> None:
    """Move the clock everything reads (deadlines, the cache's entries) to midnight in Rome plus `offset`."""
    midnight = clock.midnight_after(clock.today())
    monkeypatch.setattr(clock, "now", lambda: midnight + offset)


def test_a_cached_challenge_page_stops_offering_to_propose_when_its_deadline_ends(cached_app, monkeypatch):
    """Nothing is written at midnight after the deadline (Rome time): the anonymous page, kept until then, is
    computed again from then on."""
    with cached_app.app_context():
        challenge = make_challenge(deadline=clock.today(), title="Sportelli senza code")
        make_solution(challenge=challenge)
        slug = challenge.slug
    client = cached_app.test_client()
    assert "Proponi una soluzione" in client.get(f"/challenges/{slug}").get_data(as_text=True)
    with cached_app.app_context():  # behind the cache: only the clock can make the page be computed again
        db.session.execute(text("UPDATE challenges SET title = 'Titolo nuovo' WHERE slug = :slug"), {"slug": slug})
        db.session.commit()
    _midnight_after_today(monkeypatch, -timedelta(seconds=1))
    assert "Sportelli senza code" in client.get(f"/challenges/{slug}").get_data(as_text=True)
    _midnight_after_today(monkeypatch, timedelta(0))
    page = client.get(f"/challenges/{slug}").get_data(as_text=True)
    assert "La scadenza è passata" in page and "Proponi una soluzione" not in page
    assert "Titolo nuovo" in page


def test_the_shared_empty_solution_list_stops_inviting_proposals_when_the_deadline_ends(cached_app, monkeypatch):
    with cached_app.app_context():
        slug = make_challenge(deadline=clock.today()).slug
        client = cached_app.test_client()
        login(client, make_user())
    assert "Nessuna soluzione ancora: proponi la prima!" in client.get(f"/challenges/{slug}").get_data(as_text=True)
    _midnight_after_today(monkeypatch, timedelta(0))
    page = client.get(f"/challenges/{slug}").get_data(as_text=True)
    assert "Nessuna soluzione per questa sfida." in page and "proponi la prima" not in page


def test_a_period_ranking_drops_what_leaves_its_period_with_no_write(cached_app, monkeypatch):
    """The last 30 days slide with the clock: the rankings of the period, and the page that shows them, are
    kept until the oldest thing they count leaves it, and computed again from then on."""
    now = clock.now()
    monkeypatch.setattr(clock, "now", lambda: now)
    old = clock.now_as_stored() - timedelta(days=30) + timedelta(hours=1)
    with cached_app.app_context():
        administration = make_administration(name="Comune di Altrove")
        challenge = make_challenge(administration, opened_at=old, created_at=old)
        solution = make_solution(challenge, title="Proposta di un mese fa", created_at=old)
        solution.author.name = "Autrice Lontana"
        voter_id, solution_id = make_user().id, solution.id
        db.session.commit()
        _vote(voter_id, solution_id)
    client = cached_app.test_client()
    page = client.get("/leaderboards?period=30d").get_data(as_text=True)
    assert "Proposta di un mese fa" in page and "Comune di Altrove" in page and "Autrice Lontana" in page
    monkeypatch.setattr(clock, "now", lambda: now + timedelta(minutes=59))
    assert "Proposta di un mese fa" in client.get("/leaderboards?period=30d").get_data(as_text=True)
    monkeypatch.setattr(clock, "now", lambda: now + timedelta(hours=1, seconds=1))
    page = client.get("/leaderboards?period=30d").get_data(as_text=True)
    assert "Proposta di un mese fa" not in page and "Nessuna soluzione nel periodo." in page
    assert "Nessuna amministrazione attiva nel periodo." in page
    assert "Nessun voto ricevuto nel periodo." in page
