"""Signed-in citizens share a page with its reader marks (cache/marks.py, web/marks.py): whoever is served a
page another citizen filled the cache with reads exactly what it would render for them alone."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Response, g, session
from flask_login import login_user
from flask_wtf.csrf import generate_csrf

from challenge.cache import entries
from challenge.cache.marks import END, Marks, choice_mark, fill, value_mark
from challenge.cache.pages import reader_kind
from challenge.challenges import views as challenge_views
from challenge.core.extensions import db
from challenge.models import Evaluator, Follow, Notification, Solution, SolutionCoauthor, User
from challenge.solutions import page
from challenge.solutions import views as solution_views
from challenge.votes.service import vote_on_comment, vote_on_solution
from tests.factories import login, make_challenge, make_comment, make_solution, make_suspended_user, make_user

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="[^"]+"')


@dataclass
class _Facts:
    states: dict[tuple[str, int], str]
    values: dict[str, str]
    asked: list[str]

    def state(self, kind: str, item_id: int) -> str:
        return self.states[(kind, item_id)]

    def value(self, name: str) -> str:
        self.asked.append(name)
        return self.values[name]


def test_fill_keeps_the_readers_state_of_each_choice_and_writes_each_value_once():
    body = (
        f"<p>{value_mark('name')}</p>"
        + "".join(f"{choice_mark('vote', 7, state)}[{state} {value_mark('csrf')}]{END}" for state in ("open", "up"))
        + f"{choice_mark('vote', 8, 'open')}[eight]{END}<i>{value_mark('csrf')}</i>"
    )
    facts = _Facts({("vote", 7): "up", ("vote", 8): "closed"}, {"name": "Anna &amp; Co", "csrf": "T"}, [])
    asked: list[Marks] = []
    assert fill(body, lambda marks: asked.append(marks) or facts) == "<p>Anna &amp; Co</p>[up T]<i>T</i>"
    assert sorted(facts.asked) == ["csrf", "name"]
    assert (asked[0].choices, asked[0].values) == ({"vote": {7, 8}}, {"name", "csrf"})
    assert fill("<p>no marks</p>", lambda marks: facts) == "<p>no marks</p>"


def _normalised(page: str) -> str:
    return TOKEN.sub('name="csrf_token" type="hidden" value="…"', page)


def _site(app):
    """Two citizens on one open challenge: the first voted for one solution; the second authors another,
    voted against a third, follows the challenge and has two notifications unread."""
    with app.app_context():
        challenge = make_challenge()
        first, second = make_user(name="Prima Lettrice"), make_user(name="Secondo Lettore")
        voted, own, opposed = (make_solution(challenge, title=title) for title in ("Voti", "Mia", "Contro"))
        own.author_id = second.id
        db.session.add_all(
            [Follow(user_id=second.id, challenge_id=challenge.id)]
            + [Notification(user_id=second.id, kind="comment", title="Voti", solution_id=voted.id) for _ in range(2)]
        )
        db.session.commit()
        vote_on_solution(first, voted, 1)
        vote_on_solution(second, db.session.get(Solution, opposed.id), -1)
        clients = {name: app.test_client() for name in ("first", "second")}
        login(clients["first"], first)
        login(clients["second"], second)
        comment = make_comment(db.session.get(Solution, voted.id), body="Bella idea", body_html="<p>Bella idea</p>")
        vote_on_comment(second, comment, 1)
        paths = [
            "/",
            f"/challenges/{challenge.slug}",
            f"/challenges/{challenge.slug}?sort=best",
            f"/solutions/{voted.id}",
            f"/solutions/{opposed.id}?comments=newest",
        ]
        return clients, paths, {"own": own.id, "opposed": opposed.id, "voted": voted.id}


def test_a_citizen_served_the_page_another_filled_reads_what_it_renders_for_them_alone(
    cached_app, app_factory, monkeypatch
):
    clients, paths, ids = _site(cached_app)
    for path in paths:
        assert clients["first"].get(path).status_code == 200  # renders the page for every citizen

    rendered_again = lambda *args, **kwargs: pytest.fail("the page was rendered again")  # noqa: E731
    monkeypatch.setattr(challenge_views, "paginate", rendered_again)
    monkeypatch.setattr(solution_views, "render_detail", rendered_again)
    served = [clients["second"].get(path).get_data(as_text=True) for path in paths]
    monkeypatch.undo()
    alone = app_factory(CACHE_BACKEND="none").test_client()
    alone.set_cookie(cached_app.config["AUTH_COOKIE_NAME"], clients["second"].get_cookie("sfide_auth").value)
    for path, body in zip(paths, served, strict=True):
        assert _normalised(body) == _normalised(alone.get(path).get_data(as_text=True)), path
    challenge_page = served[1]
    assert "Secondo Lettore" in challenge_page and "Prima Lettrice" not in challenge_page
    assert "data-unread-count>2<" in challenge_page and "Smetti di seguire" in challenge_page
    assert f'action="/solutions/{ids["own"]}/vote"' not in challenge_page  # no vote on one's own solution
    assert challenge_page.count('aria-pressed="true"') == 1 and "reader:" not in challenge_page
    solution_page = served[3]
    assert solution_page.count('aria-pressed="true"') == 1  # their vote for the comment; none on the solution
    assert "Smetti di seguire" not in solution_page and "Segui la soluzione" in solution_page


@pytest.mark.parametrize(
    ("who", "path", "kind"),
    [
        ("visitor", "/", "visitor"),
        ("citizen", "/", "citizen"),
        ("citizen", "/?page=2", None),  # a parameter the page does not declare: rendered for them alone
        ("citizen", "/leaderboards", None),  # a page that does not say its reader parts are all marks
        ("citizen with a message waiting", "/", None),
        ("suspended citizen", "/", None),
        ("staff", "/", None),
        ("moderator", "/", None),
    ],
)
def test_which_readers_share_a_page(app, who, path, kind):

    with app.app_context():
        role = who if who in ("staff", "moderator") else "citizen"
        user = make_suspended_user() if who.startswith("suspended") else make_user(role=role)
        with app.test_request_context(path):
            if who != "visitor":
                login_user(user)
            if "message" in who:
                session["_flashes"] = [("info", "Fatto.")]
            assert reader_kind() == kind


def test_a_page_holding_the_readers_own_token_outside_the_marks_is_never_kept(app):

    with app.app_context(), app.test_request_context("/"):
        login_user(make_user())
        token = generate_csrf()
        assert entries._page_body(Response(f"<p>{value_mark('csrf')}</p>")) is not None
        g.marked_body = f'<input value="{token}">'
        assert entries._page_body(Response("filled")) is None


@pytest.mark.parametrize("own", ["author", "co-author", "comment", "jury seat", "newcomer"])
def test_a_solution_page_with_something_of_the_readers_own_is_rendered_for_them_alone(cached_app, own, monkeypatch):

    cached_app.config["PREMODERATE_FIRST_CONTRIBUTIONS"] = 1 if own == "newcomer" else 0
    with cached_app.app_context():
        veteran, reader = make_user(), make_user(name="Lettrice Propria")
        solution = make_solution(author=reader if own == "author" else None)
        make_solution(author=veteran)  # a published contribution: the veteran is no newcomer
        if own == "co-author":
            db.session.add(SolutionCoauthor(solution_id=solution.id, user_id=reader.id))
        if own == "comment":
            make_comment(solution, reader, body="Mio", body_html="<p>Mio</p>")
        if own == "jury seat":
            db.session.add(Evaluator(challenge_id=solution.challenge_id, email="giuria@example.it", user_id=reader.id))
        db.session.commit()
        clients = {"veteran": cached_app.test_client(), "reader": cached_app.test_client()}
        login(clients["veteran"], veteran)
        login(clients["reader"], reader)
        path, ids = f"/solutions/{solution.id}", (solution.id, reader.id, veteran.id)
    assert clients["veteran"].get(path).status_code == 200  # fills the citizens' page

    with cached_app.test_request_context(path):
        solution_id, reader_id, veteran_id = ids
        login_user(db.session.get(User, reader_id))
        assert not page.nothing_of_theirs(solution_id)
        login_user(db.session.get(User, veteran_id))
        assert page.nothing_of_theirs(solution_id)

    rendered = []
    monkeypatch.setattr(solution_views, "render_detail", lambda solution: rendered.append(solution.id) or "")
    clients["veteran"].get(path)
    assert rendered == []  # the citizens' page, from the cache
    clients["reader"].get(path)
    assert rendered == [ids[0]]
