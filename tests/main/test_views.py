"""Home, static pages, language switch, health check and error pages."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from challenge.core.extensions import db
from challenge.models import Challenge
from tests.factories import login, make_challenge, make_solution, make_user

STATS_LABELS = [
    "Numero di soluzioni",
    "Opinione più recente",
    "Opinione meglio votata",
    "Amministrazione più propositiva",
]


def test_home_shows_the_statistics_box_with_empty_states(client):
    html = client.get("/").get_data(as_text=True)
    for label in STATS_LABELS:
        assert label in html
    assert "Nessuna soluzione ancora" in html
    assert "Non ci sono sfide aperte" in html


def test_layout_has_skip_link_user_menu_navigation_and_footer(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="#main"' in html
    assert 'aria-label="Menu utente"' in html
    for label in ("Sfide", "Amministrazioni", "Laboratori"):
        assert f">{label}</a>" in html
    assert "Dichiarazione di accessibilità" in html
    assert "CC BY 4.0" in html


def test_static_pages(client):
    assert "Legge 9 gennaio 2004" in client.get("/accessibilita").get_data(as_text=True)
    assert "EUPL-1.2" in client.get("/note-legali").get_data(as_text=True)


def test_language_follows_accept_language_then_the_switch(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    client.post("/lang", data={"lang": "it", "next": "/challenges"})
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="it">' in html


def test_language_switch_is_remembered_and_goes_back(client):
    response = client.post("/lang", data={"lang": "en", "next": "/challenges?status=open"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/challenges?status=open"
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Number of solutions" in html


def test_language_switch_ignores_unknown_languages_and_outside_targets(client):
    response = client.post("/lang", data={"lang": "xx", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert '<html lang="it">' in client.get("/").get_data(as_text=True)


def test_language_switch_is_not_a_get(client):
    assert client.get("/lang?lang=en").status_code == 405


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "up"}


def test_healthz_503_when_the_database_is_down(app, client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    with app.app_context():
        monkeypatch.setattr(db.session, "execute", broken)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_404_page_in_the_layout(client):
    response = client.get("/non-esiste")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Pagina non trovata" in html and 'aria-label="Menu utente"' in html


def test_500_page_in_the_layout(app_factory):
    app = app_factory(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Errore del server" in response.get_data(as_text=True)
    assert "RuntimeError" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/solutions/99999999999999999999"),
        ("get", "/solutions/0"),
        ("post", "/comments/99999999999999999999/vote"),
    ],
)
def test_ids_no_column_can_hold_are_404(client, method, url):
    assert getattr(client, method)(url).status_code == 404


def test_absurd_page_numbers_are_400_not_500(client):
    assert client.get("/challenges?page=99999999999999999999999").status_code == 400


def test_signed_in_readers_share_the_cached_home_lists_until_content_changes(app_factory, monkeypatch):
    import flask

    from tests.conftest import empty_tables

    app = app_factory(CACHE_BACKEND="memory")
    with app.app_context():
        empty_tables()
        challenge = make_challenge(status="open")
        challenge_id = challenge.id
        make_solution(challenge=challenge, title="Prima proposta")
        readers = [app.test_client(), app.test_client()]
        for reader in readers:
            login(reader, make_user())
    renders: list[str] = []
    monkeypatch.setattr(
        "challenge.main.views.render_template",
        lambda name, **context: renders.append(name) or flask.render_template(name, **context),
    )
    pages = [reader.get("/").get_data(as_text=True) for reader in readers]
    assert renders.count("main/_lists.html") == 1 and all("Prima proposta" in page for page in pages)
    with app.app_context():
        make_solution(challenge=db.session.get(Challenge, challenge_id), title="Seconda proposta")
    assert "Seconda proposta" in readers[0].get("/").get_data(as_text=True)
    assert renders.count("main/_lists.html") == 2
