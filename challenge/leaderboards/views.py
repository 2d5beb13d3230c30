"""Leaderboards over 30 days, 12 months or all time."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from ..cache.entries import cached
from ..cache.pages import shared_page
from ..cache.scopes import CONTENT, VOTES
from ..models import Solution
from . import service

bp = Blueprint("leaderboards", __name__)


@bp.get("")
@shared_page(lambda: [CONTENT, VOTES], params=("period",))
def index():
    """Latest, best-voted and hot solutions; most proactive administrations; top contributors."""
    period = request.args.get("period", "12m")
    if period not in service.PERIODS:
        period = "12m"
    size = current_app.config["LEADERBOARD_SIZE"]
    boards = cached(
        "leaderboards",
        [CONTENT, VOTES],
        lambda: service.leaderboards(period, size),
        period,
        size,
        until=lambda _: service.window_moves_at(period, Solution.created_at),
    )
    administrations = service.proactive_administrations(period, size)
    contributors = service.shared_contributors(period, size)
    return render_template(
        "leaderboards/index.html",
        period=period,
        boards=boards,
        administrations=administrations,
        contributors=contributors,
        formula=service,
    )
