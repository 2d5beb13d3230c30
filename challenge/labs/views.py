"""Territorial labs: the list and each lab's page."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from ..administrations.directory import find_lab, labs_with_partners
from ..cache.pages import shared_page
from ..cache.scopes import CONTENT
from ..challenges.service import ChallengeFilters, search_challenges
from ..meetings.service import can_organise, upcoming_of
from ..models import PARTNER_KINDS
from ..web.helpers import found_or_404, paginate

bp = Blueprint("labs", __name__)


@bp.get("")
@shared_page(lambda: [CONTENT])
def index():
    """Every lab with its coordinator, themes and partners."""
    return render_template("labs/index.html", labs=labs_with_partners())


@bp.get("/<slug>")
@shared_page(lambda slug: [CONTENT], params=("page",))
def detail(slug: str):
    """A lab, its partners by kind, and its challenges."""
    lab = found_or_404(find_lab(slug))
    partners_by_kind = {kind: [p for p in lab.partners if p.kind == kind] for kind in PARTNER_KINDS}
    pagination = paginate(search_challenges(current_user, ChallengeFilters(lab=slug)))
    return render_template(
        "labs/detail.html",
        lab=lab,
        partners_by_kind={kind: items for kind, items in partners_by_kind.items() if items},
        pagination=pagination,
        meetings=upcoming_of(lab),
        can_organise=can_organise(current_user, lab),
    )
