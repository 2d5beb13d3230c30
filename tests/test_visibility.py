"""A published solution on a draft challenge, and its comments, reach no public channel."""

from __future__ import annotations

import pytest

from challenge.core.extensions import db
from challenge.core.recount import recount
from challenge.votes.service import vote_on_comment, vote_on_solution
from tests.factories import make_challenge, make_comment, make_solution, make_user

SECRET = "Zanzarielloquadro"  # one word, so search can look for it

PUBLIC_CHANNELS = [
    "/",
    "/leaderboards?period=30d",
    "/leaderboards?period=12m",
    "/leaderboards?period=all",
    "/api/v1/leaderboards?period=30d",
    "/api/v1/leaderboards?period=all",
    "/api/v1/solutions",
    "/api/v1/stats",
    "/feeds/solutions.atom",
    "/export/solutions.csv",
    f"/search?q={SECRET}",
]


MARKS = [f"Proposta {SECRET}", f"Testo {SECRET}", f"Autrice {SECRET}", f"Commentatore {SECRET}", f"Commento {SECRET}"]


def voted_content(challenge) -> None:
    """A solution and a comment with votes, by authors whose names carry SECRET."""
    solution = make_solution(
        challenge, make_user(name=f"Autrice {SECRET}"), title=f"Proposta {SECRET}", body=f"Testo {SECRET}"
    )
    comment = make_comment(solution, make_user(name=f"Commentatore {SECRET}"), body=f"Commento {SECRET}")
    for _ in range(2):
        vote_on_solution(make_user(), solution, 1)
        vote_on_comment(make_user(), comment, 1)


@pytest.fixture
def hidden_in_a_draft(app):
    """Voted content on a challenge that is then a draft, with every counter rebuilt from the rows."""
    with app.app_context():
        challenge = make_challenge()
        voted_content(challenge)
        challenge.status = "draft"
        db.session.commit()
        recount()
    return app


@pytest.mark.parametrize("url", PUBLIC_CHANNELS)
def test_content_of_a_draft_challenge_is_in_no_public_channel(hidden_in_a_draft, url):
    response = hidden_in_a_draft.test_client().get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert [mark for mark in MARKS if mark in page] == []
    assert "<mark>" not in page


def test_the_same_content_shows_once_the_challenge_is_public(app):
    """The check above would pass on an empty site: prove the channels show such content."""
    with app.app_context():
        voted_content(make_challenge())
    client = app.test_client()
    assert f"Commentatore {SECRET}" in client.get("/leaderboards?period=30d").get_data(as_text=True)
    assert f"Proposta {SECRET}" in client.get("/api/v1/solutions").get_data(as_text=True)
    assert "<mark>" in client.get(f"/search?q={SECRET}").get_data(as_text=True)
