"""Administrations: the directory and each body's page."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..cache.pages import shared_page
from ..cache.scopes import CONTENT, administration_scope
from ..challenges.service import ChallengeFilters, search_challenges
from ..core.errors import PermissionDenied
from ..core.permissions import can_view_dashboard
from ..core.regions import regions
from ..models import ADMINISTRATION_KINDS
from ..solutions.responses import outcomes_of
from ..web.helpers import found_or_404, int_arg, paginate
from . import dashboard
from .directory import administration_rows
from .service import find_administration

bp = Blueprint("administrations", __name__)


@bp.get("")
@shared_page(lambda: [CONTENT], params=("kind", "region"))
def index():
    """Every administration, optionally by kind and region."""
    kind = request.args.get("kind") if request.args.get("kind") in ADMINISTRATION_KINDS else None
    region = request.args.get("region") if request.args.get("region") in regions() else None
    return render_template(
        "administrations/index.html", rows=administration_rows(kind, region), kind=kind, region=region
    )


@bp.get("/<slug>")
@shared_page(lambda slug: [administration_scope(slug)], params=("page",))
def detail(slug: str):
    """An administration and the challenges it launched."""
    administration = found_or_404(find_administration(slug))
    pagination = paginate(search_challenges(current_user, ChallengeFilters(administration=slug)))
    return render_template("administrations/detail.html", administration=administration, pagination=pagination)


@bp.get("/<slug>/dashboard")
@login_required
def workspace(slug: str):
    """The staff's workspace: challenges by status, what waits for an official response, participation."""
    administration = found_or_404(find_administration(slug))
    if not can_view_dashboard(current_user, administration):
        raise PermissionDenied(_("Solo il personale di questa amministrazione può vedere questa pagina."))
    challenge_id = int_arg(request.args, "challenge")
    outcome = request.args.get("outcome") if request.args.get("outcome") in dashboard.AWAITING else None
    awaiting = paginate(dashboard.awaiting_response(administration, challenge_id, outcome))
    return render_template(
        "administrations/dashboard.html",
        administration=administration,
        counts=dashboard.status_counts(administration),
        challenges=dashboard.challenges_of(administration),
        awaiting=awaiting,
        outcomes=outcomes_of([solution.id for solution in awaiting.items]),
        challenge_id=challenge_id,
        outcome=outcome,
        participation=dashboard.participation(administration),
    )
