"""Challenges: creation, edits, lifecycle, listing and follows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, UnaryExpression, delete, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..cache.serial import cacheable
from ..core.errors import PermissionDenied, ServiceError, commit_or_raise, commit_unless_present
from ..core.extensions import db
from ..core.permissions import can_create_challenges, can_manage, refusal_to_write, refuse_unless_allowed
from ..core.visibility import can_view_challenge, challenges_visible_to
from ..evaluation.results import announce_results
from ..evaluation.setup import open_evaluation
from ..models import (
    PREMODERATION_MODES,
    VISIBILITIES,
    Administration,
    Challenge,
    Follow,
    Lab,
    Sdg,
    User,
    challenge_sdgs,
    utcnow,
)
from ..text.markup import render_markdown
from ..text.slugs import unique_slug
from . import access

# Each status may move only to the next one.
NEXT_STATUS = {"draft": "open", "open": "evaluation", "evaluation": "closed"}


class ChallengeError(ServiceError):
    """A challenge operation was refused."""


@dataclass
class ChallengeInput:
    title: str
    summary: str
    body: str
    theme_id: int
    sdg_numbers: list[int]
    region_code: str
    deadline: date
    lab_id: int | None = None
    administration_id: int | None = None
    premoderation: str = "none"  # PREMODERATION_MODES
    visibility: str = "public"  # VISIBILITIES


@dataclass
class ChallengeFilters:
    q: str = ""
    theme: int | None = None
    sdg: int | None = None
    status: str | None = None
    administration: str | None = None
    lab: str | None = None
    region: str | None = None
    sort: str = "newest"


def _apply(challenge: Challenge, data: ChallengeInput) -> None:
    challenge.title = data.title.strip()
    challenge.summary = data.summary.strip()
    challenge.body = data.body
    challenge.body_html = render_markdown(data.body)
    challenge.theme_id = data.theme_id
    challenge.region_code = data.region_code
    challenge.deadline = data.deadline
    challenge.lab_id = data.lab_id
    challenge.premoderation = data.premoderation if data.premoderation in PREMODERATION_MODES else "none"
    challenge.sdgs = list(db.session.scalars(select(Sdg).where(Sdg.number.in_(data.sdg_numbers))))
    challenge.updated_at = utcnow()


def create_challenge(user: User, data: ChallengeInput) -> Challenge:
    """A new draft for the staff member's administration (admins choose one)."""
    if not can_create_challenges(user):
        raise PermissionDenied(_("Solo il personale di un'amministrazione può creare sfide."))
    administration_id = data.administration_id if user.is_admin else user.administration_id
    if administration_id is None or db.session.get(Administration, administration_id) is None:
        raise ChallengeError(_("Scegli l'amministrazione che lancia la sfida."), field="administration")
    challenge = Challenge(
        administration_id=administration_id,
        created_by_id=user.id,
        status="draft",
        slug=unique_slug(Challenge, data.title),
    )
    _apply(challenge, data)
    challenge.visibility = data.visibility if data.visibility in VISIBILITIES else "public"
    db.session.add(challenge)
    commit_or_raise(ChallengeError(_("Una sfida con questo titolo è appena stata creata: riprova."), field="title"))
    return challenge


def update_challenge(user: User, challenge: Challenge, data: ChallengeInput) -> Challenge:
    """Edit a challenge that is not closed; the slug stays, so links keep working."""
    if not can_manage(user, challenge):
        raise PermissionDenied(_("Non puoi modificare questa sfida."))
    if challenge.status == "closed":
        raise ChallengeError(_("Una sfida chiusa non si può più modificare."))
    _apply(challenge, data)
    access.set_visibility(user, challenge, data.visibility)
    db.session.commit()
    return challenge


def change_status(user: User, challenge: Challenge, status: str) -> Challenge:
    """Move the challenge one step along draft → open → evaluation → closed."""
    if not can_manage(user, challenge):
        raise PermissionDenied(_("Non puoi cambiare lo stato di questa sfida."))
    if NEXT_STATUS.get(challenge.status) != status:
        raise ChallengeError(_("Passaggio di stato non consentito."), field="status")
    challenge.status = status
    now = utcnow()
    if status == "open":
        challenge.opened_at = now
    elif status == "evaluation":
        open_evaluation(challenge)
    elif status == "closed":
        challenge.closed_at = now
        announce_results(challenge)
    challenge.updated_at = now
    db.session.commit()
    return challenge


def visible_challenges(viewer: User) -> Select:
    """Challenges the viewer may see (core.visibility): public ones, and the drafts and private ones they may see."""
    return select(Challenge).where(challenges_visible_to(viewer))


SORTS: dict[str, tuple[UnaryExpression[Any], ...]] = {
    "newest": (Challenge.created_at.desc(), Challenge.id.desc()),
    "deadline": (Challenge.deadline.asc(), Challenge.id.asc()),
    "solutions": (Challenge.solution_count.desc(), Challenge.id.desc()),
}


@cacheable
@dataclass(frozen=True)
class ListingPage:
    """One page of a challenge listing as plain values that can be cached: ids in order, and the total."""

    ids: list[int]
    total: int


def _matching(viewer: User, filters: ChallengeFilters) -> Select:
    statement = visible_challenges(viewer)
    if filters.q:
        pattern = f"%{filters.q.strip()}%"
        statement = statement.where(or_(Challenge.title.ilike(pattern), Challenge.summary.ilike(pattern)))
    if filters.theme:
        statement = statement.where(Challenge.theme_id == filters.theme)
    if filters.sdg:
        statement = statement.where(
            Challenge.id.in_(select(challenge_sdgs.c.challenge_id).where(challenge_sdgs.c.sdg_number == filters.sdg))
        )
    if filters.status:
        statement = statement.where(Challenge.status == filters.status)
    if filters.administration:
        statement = statement.join(Administration, Administration.id == Challenge.administration_id).where(
            Administration.slug == filters.administration
        )
    if filters.lab:
        statement = statement.join(Lab, Lab.id == Challenge.lab_id).where(Lab.slug == filters.lab)
    if filters.region:
        statement = statement.where(Challenge.region_code == filters.region)
    return statement


def _card_options() -> tuple:
    return joinedload(Challenge.administration), joinedload(Challenge.theme), selectinload(Challenge.sdgs)


def search_challenges(viewer: User, filters: ChallengeFilters) -> Select:
    """The list page's query: visibility, then each filter that was given, then the sort."""
    order = SORTS.get(filters.sort, SORTS["newest"])
    return _matching(viewer, filters).options(*_card_options()).order_by(*order)


def listing_page(viewer: User, filters: ChallengeFilters, page: int, per_page: int) -> ListingPage:
    """The ids on one page of search_challenges, and how many challenges match in all."""
    matching = _matching(viewer, filters)
    ids = db.session.scalars(
        matching.with_only_columns(Challenge.id)
        .order_by(*SORTS.get(filters.sort, SORTS["newest"]))
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    total = db.session.execute(select(func.count()).select_from(matching.subquery())).scalar_one()
    return ListingPage(list(ids), total)


def challenges_by_ids(ids: list[int]) -> list[Challenge]:
    """These challenges in this order, with what a card shows; ids that no longer exist are skipped."""
    rows = db.session.scalars(select(Challenge).options(*_card_options()).where(Challenge.id.in_(ids)))
    by_id = {challenge.id: challenge for challenge in rows}
    return [by_id[id_] for id_ in ids if id_ in by_id]


def find_challenge(slug: str) -> Challenge | None:
    """The challenge with this slug, with what its page shows."""
    return db.session.scalar(
        select(Challenge)
        .options(
            joinedload(Challenge.administration),
            joinedload(Challenge.lab),
            joinedload(Challenge.theme),
            selectinload(Challenge.sdgs),
        )
        .where(Challenge.slug == slug)
    )


def is_following(user: User, challenge: Challenge) -> bool:
    if not user.is_authenticated:
        return False
    return db.session.get(Follow, (user.id, challenge.id)) is not None


def follow(user: User, challenge: Challenge) -> None:
    """Follow a challenge; following twice changes nothing."""
    refuse_unless_allowed(refusal_to_write(user))
    if challenge.status == "draft" or not can_view_challenge(user, challenge):
        raise ChallengeError(_("Non puoi seguire una sfida in bozza."))
    if is_following(user, challenge):
        return
    commit_unless_present(Follow(user_id=user.id, challenge_id=challenge.id))


def unfollow(user: User, challenge: Challenge) -> None:
    """Stop following; unfollowing twice changes nothing."""
    refuse_unless_allowed(refusal_to_write(user))
    db.session.execute(delete(Follow).where(Follow.user_id == user.id, Follow.challenge_id == challenge.id))
    db.session.commit()
