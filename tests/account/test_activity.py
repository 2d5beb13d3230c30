"""The personal area: own solutions in every state, comments, follows, evaluations and appeals."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from challenge.account.activity import PREVIEW_SIZE
from challenge.core.extensions import db
from challenge.models import Evaluator, Follow, SolutionFollow
from challenge.moderation import decisions as moderation
from challenge.moderation.appeals import file_appeal
from tests.factories import login, make_challenge, make_comment, make_solution, make_user


def section(page: str, key: str) -> str:
    """The HTML of one section of the overview, from its heading to the next section."""
    start = page.index(f'id="{key}-title"')
    end = page.find("<section", start)
    return page[start : end if end != -1 else len(page)]


def test_every_list_shows_what_it_holds(app, client):
    with app.app_context():
        person = make_user()
        challenge = make_challenge(title="Sfida sulle scuole aperte")
        for status in ("published", "withdrawn", "hidden", "pending", "rejected"):
            make_solution(challenge, author=person, title=f"Proposta {status}", status=status)
        others = make_solution(challenge, title="La proposta di un altro")
        comment = make_comment(others, author=person, body="Un commento mio sulla proposta altrui.")
        followed = make_challenge(title="Sfida seguita sul verde")
        db.session.add_all(
            [
                Follow(user_id=person.id, challenge_id=followed.id),
                SolutionFollow(user_id=person.id, solution_id=others.id),
                Evaluator(
                    challenge_id=make_challenge(title="Sfida in giuria").id, email="x@example.it", user_id=person.id
                ),
            ]
        )
        db.session.commit()
        hidden = make_comment(others, author=person, body="Un commento che sarà nascosto.")
        moderation.hide(make_user(role="moderator"), hidden, "Fuori tema", "off_topic")
        file_appeal(person, moderation.latest_decision(hidden), "Era in tema.")
        login(client, person)
        ids = {"comment": comment.id, "others": others.id, "hidden": hidden.id}
    page = client.get("/account/activity").get_data(as_text=True)
    solutions = section(page, "solutions")
    for label in ("Pubblicata", "Ritirata", "Nascosta dalla moderazione", "In attesa di moderazione"):
        assert label in solutions
    assert "Proposta rejected" in solutions and "Non pubblicata dalla moderazione" in solutions
    assert "La proposta di un altro" not in solutions
    comments = section(page, "comments")
    assert "Un commento mio sulla proposta altrui." in comments and f'href="/comments/{ids["comment"]}"' in comments
    challenges = section(page, "followed_challenges")
    assert "Sfida seguita sul verde" in challenges and "/unfollow" in challenges
    followed_solutions = section(page, "followed_solutions")
    assert "La proposta di un altro" in followed_solutions
    assert f'action="/solutions/{ids["others"]}/unfollow"' in followed_solutions
    assert 'name="next" value="/account/activity"' in followed_solutions
    assert "Sfida in giuria" in section(page, "evaluations")
    appeals = section(page, "appeals")
    assert "In attesa di decisione" in appeals
    assert f'href="/comments/{ids["hidden"]}"' in appeals


def test_empty_lists_say_what_to_do(app, client):
    with app.app_context():
        login(client, make_user())
    page = client.get("/account/activity").get_data(as_text=True)
    assert "Non hai ancora proposto soluzioni." in section(page, "solutions")
    assert 'href="/challenges?status=open"' in section(page, "solutions")
    assert "Segui la soluzione" in section(page, "followed_solutions")
    assert "Non hai presentato ricorsi." in section(page, "appeals")
    assert "Mostra tutto" not in page


def test_a_long_list_shows_its_newest_rows_and_pages_through_all(app, client):
    with app.app_context():
        person = make_user()
        challenge = make_challenge()
        for number in range(PREVIEW_SIZE + 1):
            make_solution(challenge, author=person, title=f"Proposta numero {number:02d}")
        login(client, person)
    solutions = section(client.get("/account/activity").get_data(as_text=True), "solutions")
    assert solutions.count('class="activity-item"') == PREVIEW_SIZE
    assert f"Proposta numero {PREVIEW_SIZE:02d}" in solutions and "Proposta numero 00" not in solutions
    assert 'href="/account/activity?show=solutions"' in solutions
    whole = client.get("/account/activity?show=solutions").get_data(as_text=True)
    assert len(re.findall(r"Proposta numero \d\d", whole)) == PREVIEW_SIZE + 1


def test_show_all_pages_with_the_page_size(app_factory):
    app = app_factory(PAGE_SIZE=2)
    client = app.test_client()
    with app.app_context():
        person = make_user()
        for number in range(3):
            make_comment(author=person, body=f"Commento numero {number}")
        login(client, person)
    first = client.get("/account/activity?show=comments").get_data(as_text=True)
    second = client.get("/account/activity?show=comments&page=2").get_data(as_text=True)
    assert (first.count('class="activity-item"'), second.count('class="activity-item"')) == (2, 1)
    assert "Commento numero 0" in second and "?show=comments&amp;page=2" in first


def test_an_unknown_list_is_not_found(app, client):
    with app.app_context():
        login(client, make_user())
    assert client.get("/account/activity?show=passwords").status_code == 404


def test_others_rows_never_show(app, client):
    with app.app_context():
        someone = make_user()
        solution = make_solution(author=someone, title="Solo di qualcun altro", status="hidden")
        db.session.add(SolutionFollow(user_id=someone.id, solution_id=make_solution(title="Seguita da altri").id))
        db.session.commit()
        make_comment(solution, author=someone, body="Commento di altri")
        login(client, make_user())
    page = client.get("/account/activity").get_data(as_text=True)
    for text in ("Solo di qualcun altro", "Seguita da altri", "Commento di altri"):
        assert text not in page


def test_a_followed_solution_hidden_since_leaves_the_list_until_restored(app, client):
    with app.app_context():
        person = make_user()
        solution = make_solution(title="Seguita e poi nascosta")
        db.session.add(SolutionFollow(user_id=person.id, solution_id=solution.id))
        db.session.commit()
        moderator = make_user(role="moderator")
        moderation.hide(moderator, solution, "Pubblicità", "spam")
        login(client, person)
    assert "Seguita e poi nascosta" not in client.get("/account/activity").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SolutionFollow)) == 1


def test_unfollowing_a_challenge_from_the_page_comes_back_to_it(app, client):
    with app.app_context():
        person = make_user()
        challenge = make_challenge()
        db.session.add(Follow(user_id=person.id, challenge_id=challenge.id))
        db.session.commit()
        login(client, person)
        slug = challenge.slug
    response = client.post(f"/challenges/{slug}/unfollow", data={"next": "/account/activity"})
    assert response.status_code == 303 and response.headers["Location"] == "/account/activity"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Follow)) == 0


@pytest.mark.parametrize(("language", "label"), [("it", "La mia attività"), ("en", "My activity")])
def test_the_header_leads_to_it(app, client, language, label):
    with app.app_context():
        login(client, make_user(language=language))
    client.post("/lang", data={"lang": language})
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'href="/account/activity"[^>]*>.*?' + label, page)
    assert 'href="/account/activity"' not in app.test_client().get("/").get_data(as_text=True)


def test_a_comment_on_a_solution_hidden_since_does_not_name_it(app, client):
    with app.app_context():
        person = make_user()
        solution = make_solution(title="Titolo che la moderazione ha nascosto")
        make_comment(solution, author=person, body="Il mio commento resta mio.")
        moderation.hide(make_user(role="moderator"), solution, "Titolo offensivo", "offensive")
        login(client, person)
    comments = section(client.get("/account/activity").get_data(as_text=True), "comments")
    assert "Il mio commento resta mio." in comments and "Su una soluzione che non è più visibile" in comments
    assert "Titolo che la moderazione ha nascosto" not in comments
