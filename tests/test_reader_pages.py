"""Signed-in citizens share a page with its reader marks (cache/marks.py, web/marks.py): whoever is served a
page another citizen filled the cache with reads exactly what it would render for them alone."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import g

from challenge.cache import entries
from challenge.cache.marks import END, choice_mark, fill, marked_items, value_mark
from challenge.core.extensions import db
from challenge.models import Follow, Notification, Solution
from challenge.votes.service import vote_on_solution
from tests.factories import login, make_challenge, make_solution, make_user

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
    assert fill(body, facts) == "<p>Anna &amp; Co</p>[up T]<i>T</i>"
    assert sorted(facts.asked) == ["csrf", "name"]
    assert marked_items(body) == {"vote": {7, 8}}
    assert fill("<p>no marks</p>", facts) == "<p>no marks</p>"


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
        paths = ["/", f"/challenges/{challenge.slug}", f"/challenges/{challenge.slug}?sort=best"]
        return clients, paths, {"own": own.id, "opposed": opposed.id, "voted": voted.id}


def test_a_citizen_served_the_page_another_filled_reads_what_it_renders_for_them_alone(
    cached_app, app_factory, monkeypatch
):
    clients, paths, ids = _site(cached_app)
    for path in paths:
        assert clients["first"].get(path).status_code == 200  # renders the page for every citizen
    from challenge.challenges import views

    monkeypatch.setattr(views, "paginate", lambda *args, **kwargs: pytest.fail("the page was rendered again"))
    served = [clients["second"].get(path).get_data(as_text=True) for path in paths]
    monkeypatch.undo()
    alone = app_factory(CACHE_BACKEND="none").test_client()
    alone.set_cookie(cached_app.config["AUTH_COOKIE_NAME"], clients["second"].get_cookie("sfide_auth").value)
    for path, page in zip(paths, served, strict=True):
        assert _normalised(page) == _normalised(alone.get(path).get_data(as_text=True)), path
    challenge_page = served[1]
    assert "Secondo Lettore" in challenge_page and "Prima Lettrice" not in challenge_page
    assert "data-unread-count>2<" in challenge_page and "Smetti di seguire" in challenge_page
    assert f'action="/solutions/{ids["own"]}/vote"' not in challenge_page  # no vote on one's own solution
    assert challenge_page.count('aria-pressed="true"') == 1 and "reader:" not in challenge_page


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
    from flask import session
    from flask_login import login_user

    from challenge.cache.pages import reader_kind
    from tests.factories import make_suspended_user

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
    from flask import Response
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf

    with app.app_context(), app.test_request_context("/"):
        login_user(make_user())
        token = generate_csrf()
        assert entries._page_body(Response(f"<p>{value_mark('csrf')}</p>")) is not None
        g.marked_body = f'<input value="{token}">'
        assert entries._page_body(Response("filled")) is None
