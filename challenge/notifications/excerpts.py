"""What an email says about the item it notifies: who wrote it and how it begins."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..core.extensions import db
from ..models import Administration, Comment, Notification, OfficialResponse, Solution
from ..text.characters import one_line

EXCERPT_LENGTH = 300


@dataclass(frozen=True)
class Excerpt:
    author: str
    text: str


def shortened(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The text on one line, cut at a word boundary with an ellipsis when longer than `length`."""
    text = one_line(text)
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(".,;:") + "…"


def excerpt_of(notification: Notification) -> Excerpt | None:
    """The comment, official response or new solution a notification is about; None for other kinds."""
    if notification.comment_id is not None and notification.kind == "comment":
        comment = db.session.get(Comment, notification.comment_id)
        return Excerpt(comment.author.display_name, shortened(comment.body)) if comment else None
    if notification.kind == "response":
        response = db.session.scalar(
            select(OfficialResponse).where(OfficialResponse.solution_id == notification.solution_id)
        )
        if response is None:
            return None
        administration = db.session.get(Administration, response.administration_id)
        return Excerpt(administration.name if administration else "", shortened(response.body))
    if notification.kind == "new_solution":
        solution = db.session.get(Solution, notification.solution_id)
        return Excerpt(solution.author.display_name, shortened(solution.body)) if solution else None
    return None
