"""Atom 1.0 feeds of new solutions, and the CSV downloads."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, stream_with_context

from ...attachments.service import attachments_by_item
from ...cache.pages import shared_page
from ...cache.scopes import CONTENT, challenge_scope
from ...evaluation.results import public_results
from ...models import Challenge, utcnow
from ...text.characters import xml_safe
from ...web.helpers import visible_challenge_or_404
from ..exports import LICENCE_LINK, challenges_csv, feed_solutions, solutions_csv

bp = Blueprint("feeds", __name__)

ATOM = "application/atom+xml; charset=utf-8"


def _atom(challenge: Challenge | None) -> Response:
    solutions = feed_solutions(challenge)
    updated = solutions[0].created_at if solutions else utcnow()
    results = public_results(challenge) if challenge else None
    if results and challenge and challenge.closed_at:  # the results are an entry of their own
        updated = max(updated, challenge.closed_at)
    files = attachments_by_item([], [solution.id for solution in solutions])  # enclosures, in one query
    body = render_template(
        "feeds/solutions.atom.xml",
        solutions=solutions,
        challenge=challenge,
        updated=updated,
        results=results,
        files=files,
    )
    # Rows stored before the forms refused control characters must not make the feed ill-formed.
    return Response(xml_safe(body), mimetype=ATOM)


@bp.get("/feeds/solutions.atom")
@shared_page(lambda: [CONTENT])
def solutions():
    """The newest solutions on every public challenge."""
    return _atom(None)


@bp.get("/challenges/<slug>/feed.atom")
@shared_page(lambda slug: [challenge_scope(slug)])
def challenge(slug: str):
    """The newest solutions on one challenge."""
    return _atom(visible_challenge_or_404(slug))


def _csv(lines, filename: str) -> Response:
    response = Response(stream_with_context(lines), mimetype="text/csv")  # Werkzeug adds "; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Link"] = LICENCE_LINK
    return response


@bp.get("/export/challenges.csv")
def export_challenges():
    """Public challenges as CSV (CC BY 4.0)."""
    return _csv(challenges_csv(), "sfide-pa-sfide.csv")


@bp.get("/export/solutions.csv")
def export_solutions():
    """Visible solutions as CSV (CC BY 4.0)."""
    return _csv(solutions_csv(), "sfide-pa-soluzioni.csv")


@bp.get("/open-data")
def open_data():
    """What can be downloaded, under which licence."""
    return render_template("feeds/open_data.html")
