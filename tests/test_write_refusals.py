"""One refusal per reason a signed-in account may not write (suspended, email not verified, terms not
accepted): each with its own message, the same in pages and JSON answers, and nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from challenge.core.extensions import db
from challenge.core.permissions import WRITE_BLOCK_MESSAGES, AccountBlocked, refusal_to_write
from challenge.models import Comment, Solution, SolutionVote
from tests.factories import login, make_challenge, make_solution, make_suspended_user, make_user

BLOCKED = {
    "suspended": make_suspended_user,
    "unverified": lambda: make_user(email_verified_at=None),
    "terms": lambda: make_user(terms_version="2000-01-01"),
}
JSON = {"Accept": "application/json"}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture(params=sorted(BLOCKED))
def blocked(request, app, client):
    """A signed-in account blocked for one reason, a published solution by someone else, and the reason."""
    with app.app_context():
        user = BLOCKED[request.param]()
        solution = make_solution()
        login(client, user)
        return request.param, solution.id, solution.challenge.slug


def test_each_reason_has_its_own_message(app):
    with app.app_context():
        assert len({str(message) for message in WRITE_BLOCK_MESSAGES.values()}) == 3
        for reason, make in BLOCKED.items():
            refusal = refusal_to_write(make())
            assert isinstance(refusal, AccountBlocked) and refusal.reason == reason
            assert refusal.message == str(WRITE_BLOCK_MESSAGES[reason])
        assert refusal_to_write(make_user()) is None


def test_a_vote_posted_as_json_is_refused_with_the_reasons_message(app, client, blocked):
    reason, solution_id, _slug = blocked
    response = client.post(f"/solutions/{solution_id}/vote", data={"value": "1"}, headers=JSON)
    assert response.status_code == 403
    assert response.get_json()["message"] == str(WRITE_BLOCK_MESSAGES[reason])
    with app.app_context():
        assert count(SolutionVote) == 0


def test_a_comment_posted_as_a_page_is_refused_with_the_reasons_message(app, client, blocked):
    reason, solution_id, _slug = blocked
    response = client.post(f"/solutions/{solution_id}/comments", data={"body": "Un commento qualunque"})
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert f'data-reason="{reason}"' in page
    assert str(WRITE_BLOCK_MESSAGES[reason]).replace("'", "&#39;") in page
    with app.app_context():
        assert count(Comment) == 0


def test_a_solution_posted_as_a_page_is_refused_with_the_reasons_message(app, client, blocked):
    reason, _solution_id, slug = blocked
    response = client.post(
        f"/challenges/{slug}/solutions/new",
        data={"title": "Una proposta nuova", "body": "Un testo abbastanza lungo per essere valido."},
    )
    assert response.status_code == 403
    assert str(WRITE_BLOCK_MESSAGES[reason]).replace("'", "&#39;") in response.get_data(as_text=True)
    with app.app_context():
        assert count(Solution) == 1  # the one made by the fixture


def test_an_unverified_person_proposing_is_told_to_confirm_and_offered_a_new_email(app, client):
    with app.app_context():
        user = make_user(email_verified_at=None)
        slug = make_challenge().slug
        login(client, user)
    assert "Proponi una soluzione" in client.get(f"/challenges/{slug}").get_data(as_text=True)
    response = client.get(f"/challenges/{slug}/solutions/new")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Conferma il tuo indirizzo email" in page
    assert 'action="/auth/verify/resend"' in page
    assert f'name="next" value="/challenges/{slug}/solutions/new"' in page
    assert "Invia l'email di conferma" in page
    assert page.count('action="/auth/verify/resend"') == 1  # the banner of every page is not repeated here


def test_a_person_with_old_terms_is_sent_to_accept_them(app, client):
    with app.app_context():
        user = make_user(terms_version="2000-01-01")
        slug = make_challenge().slug
        login(client, user)
    page = client.get(f"/challenges/{slug}/solutions/new").get_data(as_text=True)
    assert f'href="/account/terms?next=/challenges/{slug}/solutions/new"' in page.replace("%2F", "/")
    assert 'id="terms-notice"' not in page
