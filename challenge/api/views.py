"""JSON views of the statistics and of single solutions."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, jsonify, url_for

from ..services.stats import site_statistics
from ..web import visible_solution_or_404

bp = Blueprint("api", __name__)


@bp.get("/stats")
def stats():
    """The statistics box as data."""
    data = asdict(site_statistics())
    for key in ("latest", "best_voted"):
        if data[key]:
            data[key]["url"] = url_for("solutions.detail", solution_id=data[key]["id"], _external=True)
    if data["most_proactive"]:
        data["most_proactive"]["url"] = url_for("administrations.detail", slug=data["most_proactive"]["slug"], _external=True)
    return jsonify(data)


@bp.get("/solutions/<int:solution_id>")
def solution(solution_id: int):
    """One visible solution with its vote counts."""
    item = visible_solution_or_404(solution_id)
    return jsonify(
        id=item.id,
        challenge=item.challenge.slug,
        title=item.title,
        body=item.body,
        author=item.author.name,
        status=item.status,
        votes_up=item.votes_up,
        votes_down=item.votes_down,
        score=item.score,
        comment_count=item.comment_count,
        created_at=item.created_at.isoformat() + "Z",
        url=url_for("solutions.detail", solution_id=item.id, _external=True),
    )
