"""The embed page: a public challenge in an iframe on its administration's own site."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from ..cache.entries import changes_at
from ..cache.pages import shared_page
from ..cache.scopes import challenge_scope
from ..challenges.service import find_challenge
from ..text.clock import today
from ..web.helpers import found_or_404, not_found_unless
from ..web.security import allow_frames_from
from .service import best_solutions, embed_origins_of

bp = Blueprint("embeds", __name__)


@bp.get("/<slug>/embed")
@shared_page(lambda slug: [challenge_scope(slug)])
def detail(slug: str):
    """The challenge, its deadline and its best solutions, without script, forms or cookies."""
    challenge = found_or_404(find_challenge(slug))
    # Drafts and private challenges stay 404 even to their staff: the page is the one every visitor of the host site gets.
    not_found_unless(challenge.is_public)
    changes_at(challenge.solutions_close_at(today()))
    return render_template(
        "embeds/detail.html",
        challenge=challenge,
        solutions=best_solutions(challenge),
        accepts_solutions=challenge.accepts_solutions(today()),
    )


@bp.after_request
def frame_ancestors(response: Response) -> Response:
    """Runs for cached copies too: the administration's list of sites is read at every answer."""
    if response.status_code == 200 and request.view_args:
        allow_frames_from(response, embed_origins_of(request.view_args["slug"]))
    return response
