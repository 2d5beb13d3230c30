"""The search page."""

from __future__ import annotations

from tests.factories import make_challenge, make_solution


def test_search_page_shows_highlighted_hits(app, client):
    with app.app_context():
        make_solution(
            make_challenge(title="Trasporti notturni"),
            title="Bus notturno per studenti",
            body="Un bus notturno il venerdì.",
        )
    html = client.get("/search?q=notturno").get_data(as_text=True)
    assert "Bus <mark>notturno</mark> per studenti" in html
    assert "Un bus <mark>notturno</mark> il venerdì." in html


def test_empty_and_hostile_queries(client):
    assert "Cerca tra sfide" in client.get("/search").get_data(as_text=True)
    for query in ['"', "<script>alert(1)</script>", "x" * 3000, "NEAR(", "%%"]:
        response = client.get("/search", query_string={"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_filters_in_the_query_string(app, client):
    with app.app_context():
        make_challenge(title="Orti urbani condivisi", theme_id=1)
    assert "<mark>Orti</mark> urbani condivisi" in client.get("/search?q=orti&type=challenge&theme=1").get_data(
        as_text=True
    )
    assert "urbani condivisi" not in client.get("/search?q=orti&type=solution").get_data(as_text=True)
    assert "urbani condivisi" not in client.get("/search?q=orti&theme=2").get_data(as_text=True)
    assert client.get("/search?q=orti&type=zzz").status_code == 200


def test_similar_solutions_fragment(app, client):
    with app.app_context():
        challenge = make_challenge()
        make_solution(challenge, title="Prenotazione online dello sportello", body="Calendario online.")
        make_solution(title="Prenotazione online altrove", body="Altra sfida.")
        slug = challenge.slug
    html = client.get(f"/challenges/{slug}/solutions/similar?title=prenotazione+sportello").get_data(as_text=True)
    assert "Prenotazione online dello sportello" in html and "altrove" not in html
    assert client.get(f"/challenges/{slug}/solutions/similar?title=").get_data(as_text=True).strip() == ""
    assert client.get("/challenges/nessuna/solutions/similar?title=x").status_code == 404


def test_proposal_form_shows_similar_after_a_failed_post(app, client):
    from tests.factories import login, make_user

    with app.app_context():
        challenge = make_challenge()
        make_solution(challenge, title="Navetta elettrica per il centro")
        slug = challenge.slug
        login(client, make_user())
    html = client.post(
        f"/challenges/{slug}/solutions/new", data={"title": "Navetta per il centro storico", "body": "corto"}
    ).get_data(as_text=True)
    assert "Esistono già soluzioni simili" in html and "Navetta elettrica per il centro" in html


def test_results_come_in_groups_with_a_tab_and_a_count_per_kind(app, client):
    with app.app_context():
        challenge = make_challenge(title="Scuole più sicure")
        make_solution(challenge, title="Cortili aperti", body="Aprire i cortili della scuola.")
        make_solution(challenge, title="Una scuola senza auto", body="Strade scolastiche.")
    html = client.get("/search?q=scuola&theme=").get_data(as_text=True)
    groups = [html.index(f'id="group-{kind}"') for kind in ("challenge", "solution")]
    assert groups == sorted(groups) and 'id="group-comment"' not in html
    # The solution whose title matches comes first; words are marked in every form.
    assert html.index("Una <mark>scuola</mark> senza auto") < html.index("Cortili aperti")
    assert "<mark>Scuole</mark> più sicure" in html
    assert 'href="/search?type=solution&amp;q=scuola&amp;theme="' in html  # a tab keeps the query and filters
    tabs = html[html.index('class="nav nav-tabs') : html.index("</ul>", html.index('class="nav nav-tabs'))]
    assert ">3</span>" in tabs and ">1</span>" in tabs and ">2</span>" in tabs and ">0</span>" in tabs
    only = client.get("/search?q=scuola&type=solution").get_data(as_text=True)
    assert (
        'id="group-challenge"' not in only and 'aria-current="page" href="/search?type=solution&amp;q=scuola"' in only
    )
