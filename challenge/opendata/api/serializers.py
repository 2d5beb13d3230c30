"""Rows as the API's JSON objects."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ...core.regions import region_name
from ...evaluation.results import PublicResults
from ...models import (
    Administration,
    Attachment,
    Award,
    Challenge,
    Comment,
    Lab,
    Meeting,
    Milestone,
    OfficialResponse,
    Solution,
)
from ...text.clock import ROME
from ...web.urls import public_url_for


def iso(value) -> str | None:
    return value.isoformat() + "Z" if hasattr(value, "hour") else (value.isoformat() if value else None)


def administration(item: Administration) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "name": item.name,
        "kind": item.kind,
        "region_code": item.region_code,
        "region": region_name(item.region_code),
        "solution_count": item.solution_count,
        "url": public_url_for("administrations.detail", slug=item.slug),
    }


def attachment(item: Attachment) -> dict[str, Any]:
    """A file as its address sends it: an image's largest rendition, or the document."""
    return {
        "id": item.id,
        "title": item.title,
        "alt": item.alt,
        "media_type": item.served_media_type,
        "bytes": item.served_bytes,
        "url": public_url_for("attachments.file", attachment_id=item.id, filename=item.download_name, v=item.version),
    }


def challenge(item: Challenge, attachments: list[Attachment] | None = None) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "title": item.title,
        "summary": item.summary,
        "body": item.body,
        "status": item.status,
        "theme": item.theme_id,
        "sdgs": [sdg.number for sdg in item.sdgs],
        "region_code": item.region_code,
        "deadline": iso(item.deadline),
        "administration": item.administration.slug,
        "lab": item.lab.slug if item.lab else None,
        "solution_count": item.solution_count,
        "comment_count": item.comment_count,
        "created_at": iso(item.created_at),
        "attachments": [attachment(file) for file in attachments or []],
        "url": public_url_for("challenges.detail", slug=item.slug),
    }


def official_response(item: OfficialResponse | None) -> dict[str, Any] | None:
    """The administration's answer to a solution, or None while it has none."""
    if item is None:
        return None
    return {
        "outcome": item.outcome,
        "body": item.body,
        "created_at": iso(item.created_at),
        "updated_at": iso(item.updated_at),
    }


def solution(
    item: Solution, response: OfficialResponse | None = None, attachments: list[Attachment] | None = None
) -> dict[str, Any]:
    return {
        "id": item.id,
        "challenge": item.challenge.slug,
        "title": item.title,
        "body": item.body,
        "author": item.author.display_name,  # its proposer, as before `authors`
        "authors": [
            {
                # Only a public profile is pointed at: the id would lead to the others' pages.
                "id": author.id if author.has_public_profile else None,
                "name": author.display_name,
                "organisation": author.organisation,
            }
            for author in item.authors
        ],
        "organisation": item.organisation,
        "status": item.status,
        "votes_up": item.votes_up,
        "votes_down": item.votes_down,
        "score": item.score,
        "comment_count": item.comment_count,
        "created_at": iso(item.created_at),
        "updated_at": iso(item.updated_at),
        "official_response": official_response(response),
        "attachments": [attachment(file) for file in attachments or []],
        "url": public_url_for("solutions.detail", solution_id=item.id),
    }


def comment(item: Comment) -> dict[str, Any]:
    return {
        "id": item.id,
        "solution_id": item.solution_id,
        "parent_id": item.parent_id,
        "author": item.author.display_name,
        "body": item.body,
        "votes_up": item.votes_up,
        "votes_down": item.votes_down,
        "created_at": iso(item.created_at),
    }


def lab(item: Lab) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "name": item.name,
        "territory": item.territory,
        "region_code": item.region_code,
        "coordinator": item.coordinator.slug if item.coordinator else None,
        "description": item.description,
        "themes": [theme.id for theme in item.themes],
        "partners": [{"name": partner.name, "kind": partner.kind} for partner in item.partners],
        "url": public_url_for("labs.detail", slug=item.slug),
    }


def award(item: Award) -> dict[str, Any]:
    return {
        "place": item.place,
        "motivation": item.motivation,
        "solution_id": item.solution_id,
        "title": item.solution.title,
        "url": public_url_for("solutions.detail", solution_id=item.solution_id),
    }


def results(item: PublicResults | None) -> dict[str, Any] | None:
    """A closed challenge's published results (winners, criteria and weights, counts); None before."""
    if item is None:
        return None
    return {
        "awards": [award(entry) for entry in item.awards],
        "criteria": [
            {"name": criterion.name, "description": criterion.description, "weight": criterion.weight}
            for criterion in item.criteria
        ],
        "popular_weight": item.popular_weight,
        "solution_count": item.solution_count,
        "evaluated_count": item.evaluated_count,
        "evaluator_count": item.evaluator_count,
    }


def milestone(item: Milestone) -> dict[str, Any]:
    return {
        "title": item.title,
        "date": item.due_on.isoformat(),
        "status": item.status,
        "body": item.body,
        "progress": item.progress,
    }


def rome_iso(value: datetime) -> str:
    """A stored (naive UTC) time as ISO 8601 in Italian time with its offset: 2027-03-15T17:30:00+01:00."""
    return value.replace(tzinfo=UTC).astimezone(ROME).isoformat()


def meeting(item: Meeting, taken: tuple[int, int], discussed: list[Solution]) -> dict[str, Any]:
    """A public meeting: never its online link (for registered people only) nor who registered."""
    seated, waiting = taken
    return {
        "id": item.id,
        "title": item.title,
        "starts_at": rome_iso(item.starts_at),
        "ends_at": rome_iso(item.ends_at),
        "place": item.place,
        "address": item.address,
        "online": bool(item.online_url),
        "lab": item.lab.slug if item.lab else None,
        "challenge": item.challenge.slug if item.challenge else None,
        "body": item.body,
        "registration": item.registration,
        "seats": item.seats,
        "registered_count": seated,
        "waiting_count": waiting,
        "minutes_html": item.minutes_html,
        "solutions_discussed": [
            {
                "id": solution.id,
                "title": solution.title,
                "url": public_url_for("solutions.detail", solution_id=solution.id),
            }
            for solution in discussed
        ],
        "url": public_url_for("meetings.detail", meeting_id=item.id),
        "calendar_url": public_url_for("meetings.meeting_calendar", meeting_id=item.id),
    }
