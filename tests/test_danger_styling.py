"""Red buttons are for what cannot be undone: each one posts to an action that asks first (docs/contract.md)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from challenge.moderation.decisions import flag
from tests.factories import login, make_comment, make_solution, make_user

# The addresses of the actions that ask for confirmation (CONFIRMED_ROUTES in the authorization matrix).
ASKS_FIRST = re.compile(r"/(delete|withdraw|suspend|unlink|remove|uphold|overturn|status)$")
DANGER = re.compile(r"\b(btn-danger|btn-outline-danger|text-danger)\b")


class RedButtons(HTMLParser):
    """The action of every submit button drawn in a danger colour, and of every other one."""

    def __init__(self):
        super().__init__()
        self.action = ""
        self.red: list[str] = []
        self.other: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.action = attributes.get("action") or ""
        elif tag == "button" and attributes.get("type", "submit") == "submit":
            action = attributes.get("formaction") or self.action
            (self.red if DANGER.search(attributes.get("class") or "") else self.other).append(action)


def buttons(html: str) -> RedButtons:
    parser = RedButtons()
    parser.feed(html)
    return parser


def test_only_actions_that_cannot_be_undone_are_red(app):
    with app.app_context():
        author = make_user()
        solution = make_solution(author=author)
        make_comment(solution, author=author)
        flag(make_user(), solution, "spam", "Pubblicità")
        moderator, reader = app.test_client(), app.test_client()
        login(moderator, make_user(role="moderator"))
        login(reader, author)
        solution_id = solution.id
    pages = [
        moderator.get("/moderation"),
        moderator.get(f"/solutions/{solution_id}"),
        reader.get(f"/solutions/{solution_id}"),
        reader.get("/account"),
    ]
    red, other = [], []
    for page in pages:
        found = buttons(page.get_data(as_text=True))
        red += found.red
        other += found.other
    assert [action for action in red if not ASKS_FIRST.search(action)] == []
    assert any(action.endswith("/suspend") for action in red) and any(action.endswith("/delete") for action in red)
    # Hiding, reports and sessions can be undone or are harmless: never red.
    assert any(action.endswith("/hide") for action in other) and any(action.endswith("/flag") for action in other)
    assert any(action.endswith("/sessions/end-all") for action in other)
