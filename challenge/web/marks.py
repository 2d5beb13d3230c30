"""Every page's reader marks (cache/marks.py) answered for its reader, after the view, in one statement.

The kinds of marks and what decides them:
- values: `csrf` (the reader's CSRF field), `name` (the account's name), `unread` (the badge of unread notifications);
- choices: `vote:<solution>` open / up / down / closed (the reader may not vote there, or authors it),
  `comment-vote:<comment>` open / up / down (shown only where the reader may vote on it),
  `follow-challenge:<challenge>` and `follow-solution:<solution>` on / off, `seat:<challenge>` yes / no
  (a seat on its jury), `evaluates:0` yes / no (an inbox of evaluations to be led to).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, Response, g
from flask_babel import gettext
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import Integer, Select, String, literal, select, union_all

from ..cache.marks import fill, has_marks, marked_items, value_mark
from ..core.extensions import db
from ..core.permissions import can_contribute, refusal_to_vote
from ..evaluation.scoring import has_evaluations
from ..models import CommentVote, Evaluator, Follow, Solution, SolutionFollow, SolutionVote, User
from ..notifications.service import unread_count

VOTE_STATES = {1: "up", -1: "down"}


@dataclass
class ReaderFacts:
    """What the marks of one page ask of one reader (a visitor has none of it)."""

    user: User
    may_vote: bool = False
    votes: dict[int, int] = field(default_factory=dict)
    comment_votes: dict[int, int] = field(default_factory=dict)
    authored: set[int] = field(default_factory=set)
    followed: set[int] = field(default_factory=set)
    followed_solutions: set[int] = field(default_factory=set)
    seats: set[int] = field(default_factory=set)
    unread: int = 0
    evaluates: bool = False

    def state(self, kind: str, item_id: int) -> str:
        if kind == "vote":
            if not self.may_vote or item_id in self.authored:
                return "closed"
            return VOTE_STATES.get(self.votes.get(item_id, 0), "open")
        if kind == "comment-vote":
            return VOTE_STATES.get(self.comment_votes.get(item_id, 0), "open")
        if kind == "follow-challenge":
            return "on" if item_id in self.followed else "off"
        if kind == "follow-solution":
            return "on" if item_id in self.followed_solutions else "off"
        if kind == "seat":
            return "yes" if item_id in self.seats else "no"
        if kind == "evaluates":
            return "yes" if self.evaluates else "no"
        raise LookupError(f"no reader fact answers {kind}")

    def value(self, name: str) -> str:
        if name == "csrf":  # no id: a page holds many forms, and ids must be unique
            return Markup('<input name="csrf_token" type="hidden" value="{}">').format(generate_csrf())
        if name == "name":
            return Markup.escape(self.user.name) if self.user.is_authenticated else ""
        if name == "unread":
            return unread_badge(self.unread)
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


def facts_for(user: User, body: str) -> ReaderFacts:
    """The reader's answers to the marks in `body`: nothing to ask for a visitor, else one statement."""
    facts = ReaderFacts(user)
    if not user.is_authenticated:
        return facts
    facts.may_vote = can_contribute(user) and refusal_to_vote(user) is None
    items = marked_items(body)
    one = literal(1, Integer)
    parts = []
    if value_mark("unread") in body:
        parts.append(fact("unread", one, unread_count(user)))
    if items.get("evaluates"):
        parts.append(fact("evaluates", one, one, has_evaluations(user)))
    if ids := items.get("follow-challenge"):
        parts.append(fact("follow", Follow.challenge_id, one, Follow.user_id == user.id, Follow.challenge_id.in_(ids)))
    if ids := items.get("follow-solution"):
        followed = SolutionFollow.solution_id
        parts.append(fact("follow-solution", followed, one, SolutionFollow.user_id == user.id, followed.in_(ids)))
    if ids := items.get("comment-vote"):
        voted = CommentVote.comment_id
        parts.append(fact("comment-vote", voted, CommentVote.value, CommentVote.user_id == user.id, voted.in_(ids)))
    if (ids := items.get("seat")) and not user.is_suspended:
        seated = Evaluator.challenge_id
        parts.append(fact("seat", seated, one, Evaluator.user_id == user.id, seated.in_(ids)))
    if ids := items.get("vote"):
        voted = SolutionVote.solution_id
        parts.append(fact("vote", voted, SolutionVote.value, SolutionVote.user_id == user.id, voted.in_(ids)))
        parts.append(fact("author", Solution.id, one, Solution.id.in_(ids), Solution.authored_by(user.id)))
    rows = db.session.execute(union_all(*parts)).all() if parts else []
    for key, value, kind in rows:
        if kind == "unread":
            facts.unread = int(value)
        elif kind == "evaluates":
            facts.evaluates = True
        elif kind == "follow":
            facts.followed.add(key)
        elif kind == "follow-solution":
            facts.followed_solutions.add(key)
        elif kind == "comment-vote":
            facts.comment_votes[key] = value
        elif kind == "seat":
            facts.seats.add(key)
        elif kind == "vote":
            facts.votes[key] = value
        else:
            facts.authored.add(key)
    return facts


def fill_for_reader(body: str) -> str:
    return fill(body, facts_for(current_user, body))


def fill_response(response: Response) -> Response:
    """Answer the page's marks for its reader; the page as rendered, marks and all, stays in g.marked_body
    for the page cache to keep for every reader of its kind."""
    if response.mimetype != "text/html" or response.is_streamed or response.direct_passthrough:
        return response
    body = response.get_data(as_text=True)
    if has_marks(body):
        g.marked_body = body
        response.set_data(fill_for_reader(body))
    return response


def init_app(app: Flask) -> None:
    """Register after the page cache: Flask runs this hook before the cache's, which keeps the page."""
    app.after_request(fill_response)
