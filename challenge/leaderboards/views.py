"""Leaderboards over 30 days, 12 months or all time."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from ..services import leaderboards as service

bp = Blueprint("leaderboards", __name__)


@bp.get("")
def index():
    """Latest, best-voted and hot solutions; most proactive administrations; top contributors."""
    period = request.args.get("period", "12m")
    if period not in service.PERIODS:
        period = "12m"
    since = service.period_start(period)
    size = current_app.config["LEADERBOARD_SIZE"]
    return render_template(
        "leaderboards/index.html",
        period=period,
        latest=service.top_solutions("latest", since, size),
        best=service.top_solutions("best", since, size),
        hot=service.top_solutions("hot", since, size),
        administrations=service.administration_scores(since)[:size],
        contributors=service.top_contributors(since, size),
        formula=service,
    )
