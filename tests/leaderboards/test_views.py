"""The leaderboards page and the statistics boxes."""

from __future__ import annotations

from challenge.services.voting import vote_on_solution
from tests.factories import make_administration, make_challenge, make_solution, make_user

LABELS = ["Numero di soluzioni", "Opinione più recente", "Opinione meglio votata", "Amministrazione più propositiva"]


def test_empty_leaderboards(client):
    html = client.get("/leaderboards").get_data(as_text=True)
    assert "Nessuna soluzione nel periodo." in html
    assert "Nessuna amministrazione attiva nel periodo." in html


def test_leaderboards_show_rankings_components_and_formula(app, client):
    with app.app_context():
        puglia = make_administration(name="Regione Puglia", slug="regione-puglia", region_code="16")
        solution = make_solution(make_challenge(puglia), title="Code alle poste: prenota online")
        vote_on_solution(make_user(), solution, 1)
    for period in ("30d", "12m", "all", "nonsense"):
        html = client.get(f"/leaderboards?period={period}").get_data(as_text=True)
        assert "Code alle poste: prenota online" in html
        assert "Regione Puglia" in html
        assert "Punteggio = 10 × sfide aperte" in html
        assert "Wilson" in html


def test_home_and_challenge_boxes_link_every_statistic(app, client):
    with app.app_context():
        administration = make_administration(name="Regione Puglia", slug="regione-puglia")
        challenge = make_challenge(administration)
        solution = make_solution(challenge, title="Basta file agli sportelli")
        vote_on_solution(make_user(), solution, 1)
        slug, solution_id = challenge.slug, solution.id
    for url in ("/", f"/challenges/{slug}"):
        html = client.get(url).get_data(as_text=True)
        for label in LABELS:
            assert label in html
        box = html[html.index('id="stats-title"') :]
        assert f'href="/solutions/{solution_id}">Basta file agli sportelli</a>' in box
        assert 'href="/administrations/regione-puglia">Regione Puglia</a>' in box
