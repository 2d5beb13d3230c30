"""Pages that belong to no single feature."""

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from markupsafe import Markup

from ..cache.entries import cached
from ..cache.pages import shared_page
from ..cache.scopes import CONTENT, VOTES
from ..challenges.service import ChallengeFilters, search_challenges
from ..core.extensions import csrf, db
from ..leaderboards.stats import shared_site_statistics
from ..solutions.service import latest_solutions
from ..web.observability import backend_status
from ..web.urls import safe_next

bp = Blueprint("main", __name__)

HOME_CHALLENGES = 6
HOME_SOLUTIONS = 5


@bp.get("/")
@shared_page(lambda: [CONTENT, VOTES], readers=True)
def index():
    """Home: the statistics box and what is happening now."""
    return render_template("main/index.html", stats=shared_site_statistics(), lists_html=Markup(shared_lists()))


def shared_lists() -> str:
    """The open challenges and the latest solutions as every reader sees them, from the cache while
    the site's content keeps its version (neither list shows vote counts)."""

    def render() -> str:
        open_challenges = db.session.scalars(
            search_challenges(current_user, ChallengeFilters(status="open")).limit(HOME_CHALLENGES)
        ).all()
        return render_template(
            "main/_lists.html", open_challenges=open_challenges, latest_solutions=latest_solutions(HOME_SOLUTIONS)
        )

    return cached("home-lists", [CONTENT], render)


@bp.get("/accessibilita")
def accessibility():
    """Dichiarazione di accessibilità."""
    return render_template("main/accessibility.html")


@bp.get("/note-legali")
def legal():
    """Licence of the content and of the code."""
    return render_template("main/legal.html")


@bp.get("/privacy")
def privacy():
    """The privacy notice's first address: it is a content page now, with its versions."""
    return redirect(url_for("pages.detail", slug="privacy"), 301)


@bp.post("/lang")
# No CSRF token: a forged post can only change the language of the visitor's own pages, which
# the visitor switches back with one click; and without a token in the switch, anonymous pages
# carry nothing per visitor, so every visitor (and any proxy) can be served the same bytes.
@csrf.exempt
def set_language():
    """Remember the chosen language in the session and go back."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next")) or url_for(".index"), 303)


@bp.get("/healthz")
def healthz():
    """503 without the database; Redis down or a database that refuses writes degrade the service (200)."""
    report = backend_status()
    if report["database"] == "down":
        return jsonify(status="unavailable", **report), 503
    # Still 200: readers are served; the report says what fails (limits, cache, or every write).
    degraded = "down" in report.values() or report["database"] == "read-only"
    return jsonify(status="degraded" if degraded else "ok", **report)
