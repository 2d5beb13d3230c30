"""The forms say beforehand when a moderator reads a solution or comment before it is published (issue 28, 20)."""

from __future__ import annotations

import pytest

from tests.conftest import empty_tables
from tests.factories import login, make_challenge, make_solution, make_user

SOLUTION_NOTICE = "La tua soluzione sarà letta da un moderatore prima di essere pubblicata."
EDIT_NOTICE = "La modifica sarà letta da un moderatore"
COMMENT_NOTICE = "Il tuo commento sarà letto da un moderatore prima di essere pubblicato."


def pages(app, premoderation: str = "none", **user_fields) -> dict[str, str]:
    """The proposal form, the solution page and its reply form, as a citizen sees them."""
    client = app.test_client()
    with app.app_context():
        challenge = make_challenge(premoderation=premoderation)
        author = make_user(**user_fields)
        solution = make_solution(challenge)
        own = make_solution(challenge, author=author)
        comment_page = f"/solutions/{solution.id}"
        urls = {
            "propose": f"/challenges/{challenge.slug}/solutions/new",
            "edit": f"/solutions/{own.id}/edit",
            "comment": comment_page,
        }
        login(client, author)
    return {name: client.get(url).get_data(as_text=True) for name, url in urls.items()}


@pytest.mark.parametrize(
    ("premoderation", "solution_held", "comment_held"),
    [("none", False, False), ("solutions", True, False), ("all", True, True)],
)
def test_the_notice_follows_the_challenges_premoderation(app, premoderation, solution_held, comment_held):
    shown = pages(app, premoderation)
    assert (SOLUTION_NOTICE in shown["propose"]) is solution_held
    assert (EDIT_NOTICE in shown["edit"]) is solution_held
    assert (COMMENT_NOTICE in shown["comment"]) is comment_held
    if solution_held:  # next to the submit button, which it describes
        form = shown["propose"]
        assert form.index(SOLUTION_NOTICE) < form.index("Pubblica la soluzione") < form.index("Annulla")
        assert 'aria-describedby="premoderation-notice"' in form


def test_the_reply_form_says_it_too(app):
    client = app.test_client()
    with app.app_context():
        challenge = make_challenge(premoderation="all")
        solution = make_solution(challenge)
        from challenge.comments.service import add_comment

        parent = add_comment(make_user(role="moderator"), solution, "Un commento a cui rispondere.")
        url = f"/solutions/{solution.id}?reply_to={parent.id}"
        login(client, make_user())
    page = client.get(url).get_data(as_text=True)
    assert 'id="reply-form"' in page
    assert 'id="reply-premoderation-notice"' in page


def test_a_new_account_is_told_until_its_first_contributions_are_published(app_factory):
    app = app_factory(PREMODERATE_FIRST_CONTRIBUTIONS=2)
    with app.app_context():
        empty_tables()
    # `pages` gives the account one published solution: one short of two.
    shown = pages(app)
    assert SOLUTION_NOTICE in shown["propose"]
    assert COMMENT_NOTICE in shown["comment"]


def test_no_notice_once_the_first_contributions_are_published(app_factory):
    app = app_factory(PREMODERATE_FIRST_CONTRIBUTIONS=1)
    with app.app_context():
        empty_tables()
    # `pages` gives the account one published solution: the threshold of one is reached.
    shown = pages(app)
    assert SOLUTION_NOTICE not in shown["propose"]
    assert COMMENT_NOTICE not in shown["comment"]


def test_moderators_are_not_told(app):
    shown = pages(app, "all", role="moderator")
    assert SOLUTION_NOTICE not in shown["propose"]
    assert COMMENT_NOTICE not in shown["comment"]
