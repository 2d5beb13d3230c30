"""The statistics and solution endpoints of the open-data API."""

from __future__ import annotations

from challenge.solutions.responses import respond
from challenge.votes.service import vote_on_solution
from tests.factories import make_administration, make_challenge, make_comment, make_solution, make_user


def test_stats_empty(client):
    assert client.get("/api/v1/stats").get_json() == {
        "solution_count": 0,
        "latest": None,
        "best_voted": None,
        "most_proactive": None,
    }


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


def all_pages(client, url: str) -> list[dict]:
    """Every item of a paginated API list, following `next`."""
    items = []
    while url:
        data = client.get(url).get_json()
        items += data["items"]
        url = data["next"]
    return items


def test_the_solution_list_never_shows_hidden_or_withdrawn_solutions_or_drafts(app, client):
    with app.app_context():
        challenge = make_challenge()
        visible = [make_solution(challenge, title=f"Visibile {n}").id for n in range(2)]
        make_solution(challenge, title="Nascosta", status="hidden")
        make_solution(challenge, title="Ritirata", status="withdrawn")
        make_solution(make_challenge(status="draft"), title="Su una bozza")
        slug = challenge.slug
    for url in ("/api/v1/solutions", "/api/v1/solutions?limit=1", f"/api/v1/solutions?challenge={slug}&limit=1"):
        items = all_pages(client, url)
        assert sorted(item["id"] for item in items) == visible
        assert {item["status"] for item in items} == {"published"}


def test_the_comment_list_never_shows_hidden_or_deleted_comments(app, client):
    with app.app_context():
        solution = make_solution()
        shown = make_comment(solution, body="Visibile").id
        reply = make_comment(solution, body="Risposta visibile", parent_id=shown).id
        make_comment(solution, body="Nascosto dalla moderazione", status="hidden")
        make_comment(solution, body="", status="deleted")
        solution_id = solution.id
    for url in (f"/api/v1/solutions/{solution_id}/comments", f"/api/v1/solutions/{solution_id}/comments?limit=1"):
        items = all_pages(client, url)
        assert sorted(item["id"] for item in items) == [shown, reply]
        assert "Nascosto dalla moderazione" not in str(items)


def test_the_solution_list_searches_with_q(app, client):
    with app.app_context():
        challenge = make_challenge()
        bins = make_solution(challenge, title="Cassonetti intelligenti", body="Meno rifiuti in strada.").id
        school = make_solution(challenge, title="Orto nella scuola", body="Gli studenti coltivano.").id
        make_solution(challenge, title="Rifiuti nascosti", body="rifiuto", status="hidden")
        slug = challenge.slug
    assert [item["id"] for item in all_pages(client, "/api/v1/solutions?q=rifiuto")] == [bins]
    assert [item["id"] for item in all_pages(client, "/api/v1/solutions?q=SCUOLE&limit=1")] == [school]
    assert all_pages(client, f"/api/v1/solutions?q=rifiuti+scuola&challenge={slug}") == []
    assert all_pages(client, "/api/v1/solutions?q=%22%29%28") == []  # only symbols: no words, nothing found
    assert len(all_pages(client, "/api/v1/solutions?q=")) == 2


def test_solutions_carry_their_official_response(app, client):
    with app.app_context():
        staff = make_user(role="staff")
        challenge = make_challenge(staff.administration)
        answered, waiting = make_solution(challenge, title="Con risposta"), make_solution(challenge, title="Senza")
        respond(staff, answered, "implemented", "Realizzata nel 2026.")
        answered_id, waiting_id = answered.id, waiting.id
    one = client.get(f"/api/v1/solutions/{answered_id}").get_json()
    assert one["official_response"]["outcome"] == "implemented"
    assert one["official_response"]["body"] == "Realizzata nel 2026."
    assert one["official_response"]["updated_at"].endswith("Z")
    listed = {item["id"]: item for item in client.get("/api/v1/solutions").get_json()["items"]}
    assert listed[answered_id]["official_response"]["outcome"] == "implemented"
    assert listed[waiting_id]["official_response"] is None
    board = client.get("/api/v1/leaderboards?period=all").get_json()
    assert {item["id"]: item["official_response"] for item in board["latest"]}[waiting_id] is None
