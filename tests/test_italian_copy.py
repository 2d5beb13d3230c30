"""The Italian copy as a PA editor would write it: plural forms that agree, buttons styled by what they do,
calls to action only for whoever can act on them, rankings explained in plain words."""

from __future__ import annotations

import re

from challenge.votes.service import vote_on_solution
from tests.factories import login, make_challenge, make_solution, make_user


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def hidden_words(html: str, kind: str) -> str:
    """The screen reader's word after the count of `kind` (up or down)."""
    match = re.search(rf'data-votes-{kind}>(\d+)</span> <span class="visually-hidden"[^>]*>([^<]+)<', html)
    assert match, kind
    return f"{match.group(1)} {match.group(2)}"


def test_vote_counts_agree_with_their_number_for_screen_readers(app, client):
    with app.app_context():
        solution = make_solution()
        vote_on_solution(make_user(), solution, 1)
        vote_on_solution(make_user(), solution, 1)
        vote_on_solution(make_user(), solution, -1)
        solution_id = solution.id
    html = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert hidden_words(html, "up") == "2 voti a favore"
    assert hidden_words(html, "down") == "1 voto contro"
    client.post("/lang", data={"lang": "en"})
    english = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert hidden_words(english, "down") == "1 vote against"


def test_an_empty_challenge_invites_citizens_but_not_its_own_staff(app):
    with app.app_context():
        challenge = make_challenge()
        staff = make_user(role="staff", administration_id=challenge.administration_id)
        slug = challenge.slug
        staff_client, citizen_client = signed_in(app, staff), signed_in(app, make_user())
    assert "proponi la prima!" in citizen_client.get(f"/challenges/{slug}").get_data(as_text=True)
    own = staff_client.get(f"/challenges/{slug}").get_data(as_text=True)
    assert "proponi la prima" not in own
    assert "le proposte compariranno qui man mano che arrivano" in own


def test_opening_a_challenge_is_confirmed_with_a_primary_button_closing_with_a_danger_one(app):
    with app.app_context():
        draft = make_challenge(status="draft")
        evaluated = make_challenge(status="evaluation")
        staff = make_user(role="staff", administration_id=draft.administration_id)
        evaluated.administration_id = draft.administration_id
        slugs = draft.slug, evaluated.slug
        client = signed_in(app, staff)
    opening = client.post(f"/challenges/{slugs[0]}/status", data={"status": "open"}).get_data(as_text=True)
    assert re.search(r'class="btn btn-primary">Sì, apri la sfida<', opening)
    closing = client.post(f"/challenges/{slugs[1]}/status", data={"status": "closed"}).get_data(as_text=True)
    assert re.search(r'class="btn btn-danger">Sì, chiudi la sfida<', closing)


def test_best_voted_is_explained_in_plain_words_with_the_formula_for_the_curious(client):
    html = client.get("/leaderboards").get_data(as_text=True)
    plain = html.split("Meglio votate:")[1].split("<details")[0]
    assert "Wilson" not in plain and "con prudenza quando i voti sono pochi" in plain
    details = html.split('<details class="wilson-formula small">')[1].split("</details>")[0]
    assert "intervallo di Wilson al 95% sulla" in details and "z = 1,96" in details
