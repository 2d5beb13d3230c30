"""No reader's part ever reaches another reader: readers of different roles, interleaved on the pages
whose shared fragments they all use, with Redis and with each process's memory."""

from __future__ import annotations

import re

from challenge.comments.service import add_comment
from challenge.core.extensions import db
from challenge.models import Solution
from challenge.votes.service import vote_on_solution
from tests.factories import login, make_comment, make_solution, make_user

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
MODERATOR_ONLY = ("Testo visibile solo ai moderatori", "#hide-form")


def _site(app) -> dict:
    """A solution with a citizen's comment and vote, and a hidden comment only moderators read."""
    with app.app_context():
        solution = make_solution(title="Sportello senza code")
        citizen, moderator = make_user(name="Cittadina"), make_user(name="Moderatrice", role="moderator")
        own = make_comment(solution, citizen, body="Il mio commento", body_html="<p>Il mio commento</p>")
        make_comment(solution, body="Testo nascosto", body_html="<p>Testo nascosto</p>", status="hidden")
        vote_on_solution(citizen, solution, 1)
        paths = ["/", f"/challenges/{solution.challenge.slug}", f"/solutions/{solution.id}"]
        clients = {"citizen": app.test_client(), "moderator": app.test_client(), "visitor": app.test_client()}
        login(clients["citizen"], citizen)
        login(clients["moderator"], moderator)
        return {"paths": paths, "clients": clients, "own": own.id, "solution": solution.id}


def _new_comment(app, solution_id: int) -> None:
    """A write that changes every shared fragment of the solution, so the next reader renders it anew."""
    with app.app_context():
        add_comment(make_user(), db.session.get(Solution, solution_id), "Un altro parere")
        db.session.commit()


def test_readers_of_different_roles_interleaved_never_see_each_others_parts(cached_app):
    site = _site(cached_app)
    clients, own_delete = site["clients"], f'formaction="/comments/{site["own"]}/delete"'
    seen: dict[str, list[str]] = {name: [] for name in clients}
    # Each round another reader renders the shared fragments first; a write between rounds makes them new.
    for order in (
        ("citizen", "moderator", "visitor"),
        ("moderator", "visitor", "citizen"),
        ("visitor", "citizen", "moderator"),
    ):
        for path in site["paths"]:
            for name in order:
                response = clients[name].get(path)
                assert response.status_code == 200, (name, path)
                seen[name].append(response.get_data(as_text=True))
        _new_comment(cached_app, site["solution"])
    citizen, moderator, visitor = ("".join(seen[name]) for name in ("citizen", "moderator", "visitor"))
    assert own_delete in citizen and 'aria-pressed="true"' in citizen
    assert all(part in moderator for part in MODERATOR_ONLY)
    for name, pages in (("moderator", moderator), ("visitor", visitor)):
        assert own_delete not in pages and 'aria-pressed="true"' not in pages, f"the citizen's part reached the {name}"
    for name, pages in (("citizen", citizen), ("visitor", visitor)):
        assert not any(part in pages for part in MODERATOR_ONLY), f"the moderator's part reached the {name}"
    assert "csrf_token" not in visitor
    tokens = {name: set(TOKEN.findall("".join(seen[name]))) for name in ("citizen", "moderator")}
    assert tokens["citizen"] and tokens["moderator"] and not tokens["citizen"] & tokens["moderator"]
    assert "reader-part" not in citizen + moderator + visitor
