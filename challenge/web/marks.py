"""Every page's reader marks (cache/marks.py) answered for its reader, after the view, in one statement.

The kinds of marks and what decides them:
- values: `csrf` (the reader's CSRF field), `name` (the account's name), `unread` (the badge of unread notifications);
- choices: `vote:<solution>` open / up / down / closed (the reader may not vote there, or authors it),
  `comment-vote:<comment>` open / up / down (shown only where the reader may vote on it),
  `follow-challenge:<challenge>` and `follow-solution:<solution>` on / off, `seat:<challenge>` yes / no
  (a seat on its jury), `evaluates:0` yes / no (an inbox of evaluations to be led to).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask import Flask, Response, g
from flask_babel import gettext
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import Integer, Select, String, literal, select, union_all

from ..cache.marks import Marks, fill, has_marks
from ..core.extensions import db
from ..core.permissions import can_contribute, refusal_to_vote
from ..evaluation.scoring import has_evaluations
from ..models import CommentVote, Evaluator, Follow, Solution, SolutionFollow, SolutionVote, User
from ..notifications.service import unread_count

VOTE_STATES = {1: "up", -1: "down"}
ON_OFF = {True: "on", False: "off"}
YES_NO = {True: "yes", False: "no"}


@dataclass
class ReaderFacts:
    """What the marks of one page ask of one reader (a visitor has none of it): for each kind of fact,
    the rows the statement found, item id -> value."""

    user: User
    may_vote: bool = False
    found: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))

    def state(self, kind: str, item_id: int) -> str:
        found = self.found
        if kind == "vote":
            if not self.may_vote or item_id in found["author"]:
                return "closed"
            return VOTE_STATES.get(found["vote"].get(item_id, 0), "open")
        if kind == "comment-vote":
            return VOTE_STATES.get(found[kind].get(item_id, 0), "open")
        if kind in ("follow-challenge", "follow-solution"):
            return ON_OFF[item_id in found[kind]]
        if kind in ("seat", "evaluates"):
            return YES_NO[item_id in found[kind]]
        raise LookupError(f"no reader fact answers {kind}")

    def value(self, name: str) -> str:
        if name == "csrf":  # no id: a page holds many forms, and ids must be unique
            return Markup('<input name="csrf_token" type="hidden" value="{}">').format(generate_csrf())
        if name == "name":
            return Markup.escape(self.user.name) if self.user.is_authenticated else ""
        if name == "unread":
            return unread_badge(self.found["unread"].get(0, 0))
        raise LookupError(f"no reader fact answers {name}")


def unread_badge(count: int) -> Markup:
    """The badge beside "Notifiche": nothing when every notification is read."""
    if not count:
        return Markup("")
    hidden = gettext("non lette")
    return Markup(
        ' <span class="badge bg-white text-primary" data-unread-count>{}<span class="visually-hidden"> {}</span></span>'
    ).format(count, hidden)


def fact(kind: str, key, value, *conditions) -> Select:
    """One kind of fact as rows (key, value, kind), to be joined with the others in one UNION ALL."""
    return select(key.label("key"), value.label("value"), literal(kind, String).label("kind")).where(*conditions)


def facts_for(user: User, marks: Marks) -> ReaderFacts:
    """The reader's answers to a page's marks: nothing to ask for a visitor, else one statement."""
    facts = ReaderFacts(user)
    if not user.is_authenticated:
        return facts
    facts.may_vote = can_contribute(user) and refusal_to_vote(user) is None
    items = marks.choices
    zero, one = literal(0, Integer), literal(1, Integer)
    parts = []
    if "unread" in marks.values:
        parts.append(fact("unread", zero, unread_count(user)))
    if items.get("evaluates"):
        parts.append(fact("evaluates", zero, one, has_evaluations(user)))
    for kind, item, value, owner in (
        ("follow-challenge", Follow.challenge_id, one, Follow.user_id),
        ("follow-solution", SolutionFollow.solution_id, one, SolutionFollow.user_id),
        ("comment-vote", CommentVote.comment_id, CommentVote.value, CommentVote.user_id),
        ("vote", SolutionVote.solution_id, SolutionVote.value, SolutionVote.user_id),
        ("seat", Evaluator.challenge_id, one, Evaluator.user_id),
    ):
        if (ids := items.get(kind)) and not (kind == "seat" and user.is_suspended):
            parts.append(fact(kind, item, value, owner == user.id, item.in_(ids)))
    if ids := items.get("vote"):
        parts.append(fact("author", Solution.id, one, Solution.id.in_(ids), Solution.authored_by(user.id)))
    for key, value, kind in db.session.execute(union_all(*parts)).all() if parts else ():
        facts.found[kind][key] = value
    return facts


def fill_response(response: Response) -> Response:
    """Answer the page's marks for its reader; the page as rendered, marks and all, stays in g.marked_body
    for the page cache to keep for every reader of its kind."""
    if response.mimetype != "text/html" or response.is_streamed or response.direct_passthrough:
        return response
    body = response.get_data(as_text=True)
    if has_marks(body):
        g.marked_body = body
        response.set_data(fill(body, lambda marks: facts_for(current_user, marks)))
    return response


def init_app(app: Flask) -> None:
    """Register after the page cache: Flask runs this hook before the cache's, which keeps the page."""
    app.after_request(fill_response)
