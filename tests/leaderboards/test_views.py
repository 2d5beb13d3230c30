"""The leaderboards page and the statistics boxes."""

from __future__ import annotations

from challenge.votes.service import vote_on_solution
from tests.factories import make_administration, make_challenge, make_solution, make_user

LABELS = ["Numero di soluzioni", "Opinione più recente", "Opinione meglio votata"]


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
        assert "Punteggio = 10 × sfide lanciate nel periodo" in html
        assert "Sfide lanciate nel periodo</th>" in html and "Sfide aperte" not in html
        assert "Wilson" in html
        assert '<td class="text-end">0 / 1 (0%)</td>' in html  # the share answered, as Babel writes it


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
    home = client.get("/").get_data(as_text=True)
    box = home[home.index('id="stats-title"') :]
    # The home page says over which period; a challenge's page, where it would always be the challenge's
    # own administration, leaves it out.
    assert "Amministrazione più propositiva da sempre" in box
    assert 'href="/administrations/regione-puglia">Regione Puglia</a>' in box
    assert 'href="/leaderboards?period=all#lb-admins"' in box
    challenge_box = client.get(f"/challenges/{slug}").get_data(as_text=True).split('id="stats-title"')[1]
    assert "Amministrazione più propositiva" not in challenge_box.split("</section>")[0]


def test_the_score_comes_right_after_the_name(app, client):
    with app.app_context():
        make_challenge(make_administration(name="Regione Puglia", slug="regione-puglia"))
    html = client.get("/leaderboards").get_data(as_text=True)
    row = html.split('class="leaderboard-name"')[1].split("</tr>")[0]
    cells = row.split("<td")
    assert 'leaderboard-score" data-label="Punteggio">10<' in cells[1]
    assert "<caption" not in html or 'caption class="visually-hidden"' in html
