"""Search challenges, solutions and comments."""

from __future__ import annotations

import math

from flask import Blueprint, current_app, render_template, request

from ..core import reference
from ..models import CHALLENGE_STATUSES
from ..web.helpers import int_arg, page_number
from .service import KINDS, SearchFilters, count_hits, search

bp = Blueprint("search", __name__)


@bp.get("")
def index():
    """Results for ?q=: challenges, then solutions, then comments, best first; a tab per kind with its count."""
    args = request.args
    filters = SearchFilters(
        q=args.get("q", "").strip()[:200],
        kind=args.get("type") if args.get("type") in KINDS else None,
        theme=int_arg(args, "theme"),
        status=args.get("status") if args.get("status") in CHALLENGE_STATUSES[1:] else None,
        administration=args.get("administration") or None,
    )
    per_page = current_app.config["PAGE_SIZE"]
    page = page_number()
    hits, total = search(filters, page, per_page)
    return render_template(
        "search/index.html",
        filters=filters,
        hits=hits,
        total=total,
        counts=count_hits(filters),
        # The tabs keep the query and the filters, not the kind or the page.
        tab_args={key: value for key, value in args.items() if key not in ("type", "page")},
        page=page,
        pages=max(1, math.ceil(total / per_page)),
        themes=reference.all_themes(),
        administrations=reference.all_administrations(),
    )
