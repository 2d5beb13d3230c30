"""The read-only open-data API: lists with cursors, single items, leaderboards, stats."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, abort, current_app, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ...administrations.directory import find_lab, labs_with_partners
from ...administrations.service import find_administration
from ...attachments.service import attachments_by_item
from ...challenges.service import ChallengeFilters, search_challenges
from ...core.extensions import db, limiter
from ...core.regions import regions
from ...evaluation.follow_through import milestones_of
from ...evaluation.results import public_awards_of, public_results
from ...leaderboards import service as leaderboards
from ...leaderboards.stats import shared_site_statistics
from ...meetings import minutes
from ...meetings import service as meetings
from ...models import CHALLENGE_STATUSES, Administration, Challenge, Comment, Lab, Meeting, Solution
from ...search.service import matching_ids
from ...solutions.responses import responses_of
from ...solutions.service import find_solution
from ...text.clock import now_as_stored
from ...web.helpers import MAX_ROW_ID, MIN_ROW_ID, found_or_404, int_arg, not_found_unless, visible_challenge_or_404
from ...web.urls import public_url_for
from ..exports import LICENCE_LINK
from . import serializers
from .openapi import openapi_document

bp = Blueprint("api", __name__)
# The API only ever shows what a visitor may see.
VISITOR = AnonymousUserMixin()
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
PUBLIC_STATUSES = [status for status in CHALLENGE_STATUSES if status != "draft"]


@bp.after_request
def cacheable_and_shared(response):
    """Open CORS for reads, the data's licence, an ETag to revalidate against, and a short public cache."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Link"] = LICENCE_LINK
    # Error messages follow ?lang, then Accept-Language: a shared cache must keep the languages apart.
    response.vary.add("Accept-Language")
    if request.method == "GET" and response.status_code == 200:
        response.headers["Cache-Control"] = "public, max-age=60"
        response.add_etag()
        response.make_conditional(request)
    return response


limiter.limit(lambda: current_app.config["RATELIMIT_API"])(bp)


def _int_param(name: str, low: int = MIN_ROW_ID, high: int = MAX_ROW_ID) -> int | None:
    """An optional integer query parameter; anything but one integer in [low, high] is a 400."""
    return int_arg(request.args, name, low, high, blank_is_absent=False)


def _choice_param(name: str, choices) -> str | None:
    """An optional query parameter that must be one of `choices`."""
    values = request.args.getlist(name)
    if not values:
        return None
    if len(values) > 1 or values[0] not in choices:
        abort(
            400,
            description=_(
                "Il parametro %(name)s deve avere uno di questi valori: %(values)s.",
                name=name,
                values=", ".join(choices),
            ),
        )
    return values[0]


def _limit() -> int:
    value = _int_param("limit", 1, MAX_LIMIT)
    return DEFAULT_LIMIT if value is None else value


def _cursor() -> int | None:
    """The id below which the page starts, taken from the previous page's `next` link."""
    return _int_param("cursor")


def _solutions(items: list[Solution]) -> list[dict]:
    """Solutions as JSON with their official responses, fetched in one query for all of them."""
    ids = [item.id for item in items]
    responses, files = responses_of(ids), attachments_by_item([], ids)
    return [serializers.solution(item, responses.get(item.id), files.get(("solution", item.id))) for item in items]


def _challenges(items: list[Challenge]) -> list[dict]:
    """Challenges as JSON with their files, fetched in one query for all of them."""
    files = attachments_by_item([item.id for item in items], [])
    return [serializers.challenge(item, files.get(("challenge", item.id))) for item in items]


def _page(statement: Select, id_column, serialize, serialize_all=None) -> dict:
    """Newest first by id, `limit` at a time; `next` carries the cursor for the following page.

    `serialize_all`, when given, turns the whole page into JSON at once (to load what the items share in one query).
    """
    limit, cursor = _limit(), _cursor()
    if cursor is not None:
        statement = statement.where(id_column < cursor)
    items = db.session.scalars(statement.order_by(id_column.desc()).limit(limit + 1)).unique().all()
    more = len(items) > limit
    items = items[:limit]
    next_url = None
    if more:
        if request.endpoint is None or request.view_args is None:
            raise RuntimeError("a page of the API outside a routed request")
        next_url = public_url_for(
            request.endpoint, **{**request.view_args, **request.args.to_dict(), "cursor": items[-1].id}
        )
    rendered = serialize_all(items) if serialize_all else [serialize(item) for item in items]
    return {"items": rendered, "next": next_url}


@bp.get("/challenges")
def challenges():
    """Public challenges, filtered like the list page."""
    args = request.args
    filters = ChallengeFilters(
        q=args.get("q", "").strip()[:200],
        theme=_int_param("theme", 1, 3),
        sdg=_int_param("sdg", 1, 17),
        status=_choice_param("status", PUBLIC_STATUSES),
        administration=args.get("administration") or None,
        lab=args.get("lab") or None,
        region=_choice_param("region", sorted(regions())),
    )
    statement = search_challenges(VISITOR, filters).options(joinedload(Challenge.lab)).order_by(None)
    return jsonify(_page(statement, Challenge.id, serializers.challenge, _challenges))


@bp.get("/challenges/<slug>")
def challenge(slug: str):
    """One public challenge."""
    item = visible_challenge_or_404(slug)
    not_found_unless(item.is_public)
    return jsonify({**_challenges([item])[0], "results": serializers.results(public_results(item))})


@bp.get("/solutions")
def solutions():
    """Published solutions on public challenges, optionally of one challenge or matching a search."""
    statement = leaderboards.visible_solutions(since=None)
    if request.args.get("challenge"):
        statement = statement.where(Challenge.slug == request.args["challenge"])
    if request.args.get("q", "").strip():
        statement = statement.where(Solution.id.in_(matching_ids("solution", request.args["q"])))
    return jsonify(_page(statement, Solution.id, serializers.solution, _solutions))


def _visible_solution(solution_id: int) -> Solution:
    """The solution, or 404 unless a visitor may see it (a signed-in reader's cookie changes nothing)."""
    item = found_or_404(find_solution(solution_id))
    not_found_unless(item.is_visible)
    return item


def _merged(item: Solution):
    """A duplicate merged into another solution: where it went, with a permanent redirect there."""
    body = {
        "id": item.id,
        "status": item.status,
        "merged_into": item.merged_into_id,
        "url": public_url_for("solutions.detail", solution_id=item.id),
    }
    return jsonify(body), 301, {"Location": url_for(".solution", solution_id=item.merged_into_id)}


@bp.get("/solutions/<int:solution_id>")
def solution(solution_id: int):
    """One visible solution with its vote counts, its official response, its award and its follow-through."""
    item = found_or_404(find_solution(solution_id))
    if item.merged_into_id is not None and item.challenge.is_public:
        return _merged(item)
    not_found_unless(item.is_visible)
    award = public_awards_of([item.id]).get(item.id)
    return jsonify(
        {
            **_solutions([item])[0],
            "award": serializers.award(award) if award else None,
            "milestones": [serializers.milestone(m) for m in milestones_of([item.id]).get(item.id, [])],
        }
    )


@bp.get("/solutions/<int:solution_id>/comments")
def comments(solution_id: int):
    """Published comments of a visible solution."""
    item = _visible_solution(solution_id)
    statement = (
        select(Comment)
        .options(joinedload(Comment.author))
        .where(Comment.solution_id == item.id, Comment.status == "published")
    )
    return jsonify(_page(statement, Comment.id, serializers.comment))


@bp.get("/administrations")
def administrations():
    """Every administration."""
    return jsonify(_page(select(Administration), Administration.id, serializers.administration))


@bp.get("/administrations/<slug>")
def administration(slug: str):
    """One administration."""
    return jsonify(serializers.administration(found_or_404(find_administration(slug))))


@bp.get("/labs")
def labs():
    """Every territorial lab with its partners."""
    return jsonify({"items": [serializers.lab(item) for item in labs_with_partners()], "next": None})


@bp.get("/labs/<slug>")
def lab(slug: str):
    """One territorial lab."""
    return jsonify(serializers.lab(found_or_404(find_lab(slug))))


def _meetings(items: list[Meeting]) -> list[dict]:
    """Meetings as JSON with their places taken and solutions discussed, one query each for all of them."""
    ids = [item.id for item in items]
    taken, discussed = meetings.places_taken(ids), minutes.discussed_by_meeting(ids)
    return [serializers.meeting(item, taken.get(item.id, (0, 0)), discussed.get(item.id, [])) for item in items]


@bp.get("/meetings")
def meetings_list():
    """Public meetings of labs and challenges, newest first; of one lab or challenge, upcoming or past if asked."""
    statement = meetings.public_meetings()
    if request.args.get("lab"):
        statement = statement.where(Meeting.lab_id.in_(select(Lab.id).where(Lab.slug == request.args["lab"])))
    if request.args.get("challenge"):
        statement = statement.where(Challenge.slug == request.args["challenge"])
    when = _choice_param("when", ["upcoming", "past"])
    if when is not None:
        now = now_as_stored()
        statement = statement.where(Meeting.ends_at > now if when == "upcoming" else Meeting.ends_at <= now)
    return jsonify(_page(statement, Meeting.id, None, _meetings))


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    """One public meeting."""
    item = found_or_404(db.session.get(Meeting, meeting_id))
    not_found_unless(meetings.can_view(VISITOR, item))
    return jsonify(_meetings([item])[0])


@bp.get("/leaderboards")
def leaderboard():
    """The leaderboards of the page, for a period (30d, 12m, all)."""
    period = _choice_param("period", list(leaderboards.PERIODS)) or "12m"
    since = leaderboards.period_start(period)
    size = current_app.config["LEADERBOARD_SIZE"]
    scores = leaderboards.administration_scores(since)[:size]
    return jsonify(
        period=period,
        latest=_solutions(leaderboards.top_solutions("latest", since, size)),
        best=_solutions(leaderboards.top_solutions("best", since, size)),
        hot=_solutions(leaderboards.top_solutions("hot", since, size)),
        administrations=[
            {**asdict(score), "points": score.points, "answer_share": score.answer_share} for score in scores
        ],
        contributors=[
            {"name": c.person.display_name, "net_votes": c.net_votes}
            for c in leaderboards.top_contributors(since, size)
        ],
    )


@bp.get("/stats")
def stats():
    """The statistics box as data."""
    data = asdict(shared_site_statistics())
    for key in ("latest", "best_voted"):
        if data[key]:
            data[key]["url"] = public_url_for("solutions.detail", solution_id=data[key]["id"])
    if data["most_proactive"]:
        data["most_proactive"]["url"] = public_url_for("administrations.detail", slug=data["most_proactive"]["slug"])
    return jsonify(data)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document(public_url_for(".stats").removesuffix("/stats")))
