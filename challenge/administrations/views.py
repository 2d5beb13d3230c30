"""Administrations: the directory and each body's page."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from ..extensions import db
from ..models import ADMINISTRATION_KINDS
from ..regions import regions
from ..services.administrations import find_administration
from ..services.challenges import ChallengeFilters, search_challenges
from ..services.directory import administration_rows
from ..web import not_found_unless, page_number

bp = Blueprint("administrations", __name__)


@bp.get("")
def index():
    """Every administration, optionally by kind and region."""
    kind = request.args.get("kind") if request.args.get("kind") in ADMINISTRATION_KINDS else None
    region = request.args.get("region") if request.args.get("region") in regions() else None
    return render_template(
        "administrations/index.html", rows=administration_rows(kind, region), kind=kind, region=region
    )


@bp.get("/<slug>")
def detail(slug: str):
    """An administration and the challenges it launched."""
    administration = find_administration(slug)
    not_found_unless(administration is not None)
    pagination = db.paginate(
        search_challenges(current_user, ChallengeFilters(administration=slug)),
        page=page_number(),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("administrations/detail.html", administration=administration, pagination=pagination)
