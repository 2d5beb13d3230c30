"""A repeat of the same text by the same account within a minute is refused (comments and solutions alike), even in
parallel."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from challenge.comments.service import add_comment
from challenge.core.extensions import db
from challenge.models import Comment, Solution, User, utcnow
from challenge.moderation import antispam
from challenge.moderation.antispam import RepeatedText
from challenge.solutions.service import propose_solution
from tests.factories import login, make_challenge, make_solution, make_user


def comment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def test_the_same_comment_twice_within_a_minute_is_refused_next_to_the_field(app, client):
    with app.app_context():
        solution_id = make_solution().id
        login(client, make_user())
    assert client.post(f"/solutions/{solution_id}/comments", data={"body": "Sono d'accordo."}).status_code == 303
    again = client.post(f"/solutions/{solution_id}/comments", data={"body": "Sono d'accordo."})
    assert again.status_code == 422 and "Hai appena pubblicato questo stesso testo" in again.get_data(as_text=True)
    with app.app_context():
        assert comment_count() == 1


def test_other_text_other_account_or_a_minute_later_are_fine(app, monkeypatch):
    with app.test_request_context():  # notifications build links
        author, other = make_user(), make_user()
        first, second = make_solution(), make_solution()
        add_comment(author, first, "Sono d'accordo.")
        add_comment(author, first, "Sono d'accordo, davvero.")
        add_comment(other, first, "Sono d'accordo.")
        with pytest.raises(RepeatedText):
            add_comment(author, first, "Sono d'accordo.")
        with pytest.raises(RepeatedText):  # on another solution too: one account, one text, one minute
            add_comment(author, second, "Sono d'accordo.")
        later = utcnow() + timedelta(minutes=1, seconds=1)
        monkeypatch.setattr(antispam, "utcnow", lambda: later)
        add_comment(author, first, "Sono d'accordo.")
        assert comment_count() == 4


def test_a_solution_repeating_a_text_just_posted_is_refused_by_the_same_rule(app):
    with app.test_request_context():
        author, challenge = make_user(), make_challenge()
        add_comment(author, make_solution(challenge), "Un testo copiato e incollato ovunque, parola per parola.")
        with pytest.raises(RepeatedText):
            propose_solution(author, challenge, "Titolo", "Un testo copiato e incollato ovunque, parola per parola.")
        assert db.session.scalar(select(func.count()).select_from(Solution)) == 1


def test_the_same_solution_text_twice_within_a_minute_is_refused_next_to_the_field(app, client):
    with app.app_context():
        slug = make_challenge().slug
        login(client, make_user())
    data = {"title": "Una proposta", "body": "Lo stesso testo di proposta inviato due volte di seguito."}
    assert client.post(f"/challenges/{slug}/solutions/new", data=data).status_code == 303
    again = client.post(f"/challenges/{slug}/solutions/new", data={**data, "title": "Un altro titolo"})
    assert again.status_code == 422 and "Hai appena pubblicato questo stesso testo" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Solution)) == 1


@pytest.mark.postgres_only
def test_six_identical_submits_at_once_make_one_comment(concurrent_app):
    with concurrent_app.app_context():
        user_id, solution_id = make_user().id, make_solution().id
    barrier = threading.Barrier(6)

    def submit() -> str:
        with concurrent_app.test_request_context():
            user, solution = db.session.get(User, user_id), db.session.get(Solution, solution_id)
            barrier.wait()
            try:
                add_comment(user, solution, "Invio ripetuto per errore.")
                return "created"
            except RepeatedText:
                return "refused"
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = sorted(pool.map(lambda _: submit(), range(6)))
    assert outcomes == ["created"] + ["refused"] * 5
    with concurrent_app.app_context():
        assert comment_count() == 1
        assert db.session.get(Solution, solution_id).comment_count == 1
