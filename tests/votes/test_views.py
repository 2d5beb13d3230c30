"""Vote endpoints: forms without JavaScript, JSON for the page's script, every refusal."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from challenge.core.extensions import db
from challenge.models import Solution, SolutionCoauthor, SolutionVote
from tests.factories import login, make_challenge, make_comment, make_solution, make_suspended_user, make_user


def stored_votes(app, solution_id):
    with app.app_context():
        return db.session.execute(
            select(Solution.votes_up, Solution.votes_down).where(Solution.id == solution_id)
        ).one()


def test_form_vote_redirects_back_with_a_message(app, client):
    with app.app_context():
        solution_id = make_solution().id
        login(client, make_user())
    response = client.post(f"/solutions/{solution_id}/vote", data={"value": "1"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/solutions/{solution_id}"
    assert "Hai votato a favore." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert tuple(stored_votes(app, solution_id)) == (1, 0)


def test_json_vote_answers_with_counts(app, client):
    with app.app_context():
        solution_id = make_solution().id
        login(client, make_user())
    response = client.post(
        f"/solutions/{solution_id}/vote", data={"value": "-1"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.get_json() == {
        "value": -1,
        "votes_up": 0,
        "votes_down": 1,
        "votes_up_word": "voti a favore",  # what a screen reader hears after each count, agreeing with it
        "votes_down_word": "voto contro",
        "score": -1,
        "message": "Hai votato contro.",
    }
    withdrawn = client.post(
        f"/solutions/{solution_id}/vote", data={"value": "0"}, headers={"Accept": "application/json"}
    )
    assert withdrawn.get_json()["votes_down"] == 0
    assert withdrawn.get_json()["votes_down_word"] == "voti contro"


@pytest.mark.parametrize("value", ["2", "-5", "uno", "", "+1", " -1 ", "01", "-0", "1.0"])
def test_invalid_values_are_400(app, client, value):
    with app.app_context():
        solution_id = make_solution().id
        login(client, make_user())
    assert client.post(f"/solutions/{solution_id}/vote", data={"value": value}).status_code == 400
    assert tuple(stored_votes(app, solution_id)) == (0, 0)


def test_visitor_goes_to_login(app, client):
    with app.app_context():
        solution_id = make_solution().id
    response = client.post(f"/solutions/{solution_id}/vote", data={"value": "1"})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_refusals_are_403_with_a_clear_message(app):
    with app.app_context():
        author = make_user()
        own = make_solution(author=author).id
        closed = make_solution(make_challenge(status="closed")).id
        withdrawn = make_solution(status="withdrawn").id
        author_client, suspended_client, citizen_client = app.test_client(), app.test_client(), app.test_client()
        login(author_client, author)
        login(suspended_client, make_suspended_user())
        login(citizen_client, make_user())
    own_vote = author_client.post(f"/solutions/{own}/vote", data={"value": "1"})
    assert own_vote.status_code == 403
    assert "Non puoi votare un tuo contributo." in own_vote.get_data(as_text=True)
    assert suspended_client.post(f"/solutions/{own}/vote", data={"value": "1"}).status_code == 403
    assert citizen_client.post(f"/solutions/{closed}/vote", data={"value": "1"}).status_code == 403
    assert citizen_client.post(f"/solutions/{withdrawn}/vote", data={"value": "1"}).status_code == 403
    json_refusal = citizen_client.post(
        f"/solutions/{closed}/vote", data={"value": "1"}, headers={"Accept": "application/json"}
    )
    assert json_refusal.status_code == 403 and "message" in json_refusal.get_json()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SolutionVote)) == 0


def test_vote_on_hidden_or_unknown_solution_is_404(app, client):
    with app.app_context():
        hidden = make_solution(status="hidden").id
        login(client, make_user())
    assert client.post(f"/solutions/{hidden}/vote", data={"value": "1"}).status_code == 404
    assert client.post("/solutions/424242/vote", data={"value": "1"}).status_code == 404


def test_comment_vote(app, client):
    with app.app_context():
        comment_id = make_comment().id
        login(client, make_user())
    response = client.post(f"/comments/{comment_id}/vote", data={"value": "1"}, headers={"Accept": "application/json"})
    assert response.get_json()["votes_up"] == 1
    assert client.post("/comments/424242/vote", data={"value": "1"}).status_code == 404


def test_a_co_author_may_not_vote_and_comments_of_unseen_solutions_are_404(app):
    """The vote's lookup loads the authors' ids and the challenge, not their accounts: every answer stays."""
    with app.app_context():
        coauthor = make_user()
        solution = make_solution()
        solution.coauthors.append(SolutionCoauthor(user_id=coauthor.id))
        db.session.commit()
        solution_id, comment_id = solution.id, make_comment(solution).id
        hidden_comment = make_comment(make_solution(status="hidden")).id
        private = make_challenge(visibility="invited")
        private_comment = make_comment(make_solution(private)).id
        coauthor_client, citizen_client = app.test_client(), app.test_client()
        login(coauthor_client, coauthor)
        login(citizen_client, make_user())
    own_vote = coauthor_client.post(f"/solutions/{solution_id}/vote", data={"value": "1"})
    assert own_vote.status_code == 403 and "Non puoi votare un tuo contributo." in own_vote.get_data(as_text=True)
    comment_vote = coauthor_client.post(
        f"/comments/{comment_id}/vote", data={"value": "1"}, headers={"Accept": "application/json"}
    )
    assert comment_vote.get_json()["votes_up"] == 1  # a co-author of the solution did not write its comments
    for unseen in (hidden_comment, private_comment):
        assert citizen_client.post(f"/comments/{unseen}/vote", data={"value": "1"}).status_code == 404
    assert tuple(stored_votes(app, solution_id)) == (0, 0)


def test_vote_without_csrf_is_refused(csrf_app):
    client = csrf_app.test_client()
    with csrf_app.app_context():
        solution_id = make_solution().id
        login(client, make_user())
    assert client.post(f"/solutions/{solution_id}/vote", data={"value": "1"}).status_code == 400
    assert tuple(stored_votes(csrf_app, solution_id)) == (0, 0)


def test_no_vote_buttons_on_ones_own_solution(app, client):
    with app.app_context():
        author = make_user()
        challenge = make_challenge()
        own = make_solution(challenge, author=author, title="La mia proposta")
        other = make_solution(challenge, title="Una proposta altrui")
        slug, own_id, other_id = challenge.slug, own.id, other.id
        login(client, author)
    listing = client.get(f"/challenges/{slug}").get_data(as_text=True)
    assert f'action="/solutions/{other_id}/vote"' in listing
    assert f'action="/solutions/{own_id}/vote"' not in listing
    page = client.get(f"/solutions/{own_id}").get_data(as_text=True)
    assert f'action="/solutions/{own_id}/vote"' not in page
    assert "data-votes-up" in page  # the counts stay


def test_a_vote_from_the_list_comes_back_to_the_same_place_in_it(app, client):
    with app.app_context():
        challenge = make_challenge()
        solution_id, slug = make_solution(challenge).id, challenge.slug
        login(client, make_user())
    listing = client.get(f"/challenges/{slug}?sort=best").get_data(as_text=True)
    back = f"/challenges/{slug}?sort=best#solution-{solution_id}"
    assert f'id="solution-{solution_id}"' in listing
    assert f'<input type="hidden" name="next" value="{back}">' in listing
    response = client.post(f"/solutions/{solution_id}/vote", data={"value": "1", "next": back})
    assert response.status_code == 303 and response.headers["Location"] == back
    # Only a local path: anything else goes to the solution's page.
    for elsewhere in ("https://example.org/", "//example.org/x", "/\\example.org", "javascript:alert(1)"):
        response = client.post(f"/solutions/{solution_id}/vote", data={"value": "0", "next": elsewhere})
        assert response.headers["Location"] == f"/solutions/{solution_id}"
