"""The statistics and solution endpoints of the open-data API."""

from __future__ import annotations

from challenge.services.voting import vote_on_solution
from tests.factories import make_administration, make_challenge, make_solution, make_user


def test_stats_empty(client):
    assert client.get("/api/v1/stats").get_json() == {"solution_count": 0, "latest": None, "best_voted": None, "most_proactive": None}


def test_stats_with_content(app, client):
    with app.app_context():
        administration = make_administration(name="Regione Emilia-Romagna", slug="regione-emilia-romagna")
        challenge = make_challenge(administration)
        liked = make_solution(challenge, title="Più verde in città")
        latest = make_solution(challenge, title="Bus a chiamata")
        vote_on_solution(make_user(), liked, 1)
        liked_id, latest_id = liked.id, latest.id
    data = client.get("/api/v1/stats").get_json()
    assert data["solution_count"] == 2
    assert data["latest"]["id"] == latest_id
    assert data["best_voted"]["id"] == liked_id
    assert data["best_voted"]["url"].endswith(f"/solutions/{liked_id}")
    assert data["most_proactive"]["slug"] == "regione-emilia-romagna"


def test_solution_json_has_vote_counts(app, client):
    with app.app_context():
        solution = make_solution()
        vote_on_solution(make_user(), solution, 1)
        vote_on_solution(make_user(), solution, -1)
        vote_on_solution(make_user(), solution, 1)
        solution_id = solution.id
    data = client.get(f"/api/v1/solutions/{solution_id}").get_json()
    assert (data["votes_up"], data["votes_down"], data["score"]) == (2, 1, 1)


def test_hidden_and_unknown_solutions_are_json_404(app, client):
    with app.app_context():
        hidden = make_solution(status="hidden").id
    for url in (f"/api/v1/solutions/{hidden}", "/api/v1/solutions/999"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.get_json()["status"] == 404
