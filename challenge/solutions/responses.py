"""Official responses: an administration answers a solution to one of its challenges."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.errors import InvalidInput, PermissionDenied, ServiceError, commit_or_raise
from ..core.extensions import db
from ..core.permissions import can_manage
from ..models import OUTCOMES, OfficialResponse, OfficialResponseRevision, Solution, User, utcnow
from ..notifications import service as notifications
from ..text.markup import render_markdown


class ResponseError(ServiceError):
    """The response was refused."""


def response_to(solution: Solution) -> OfficialResponse | None:
    """The solution's official response, if any."""
    return db.session.scalar(select(OfficialResponse).where(OfficialResponse.solution_id == solution.id))


def respond(user: User, solution: Solution, outcome: str, body: str) -> OfficialResponse:
    """Publish, or update keeping the earlier version, the administration's response."""
    challenge = solution.challenge
    if not can_manage(user, challenge):
        raise PermissionDenied(_("Solo il personale dell'amministrazione che ha lanciato la sfida può rispondere."))
    if outcome not in OUTCOMES:
        raise InvalidInput(_("Esito non valido."), field="outcome")
    if not body.strip():
        raise ResponseError(_("La risposta non può essere vuota."), field="body")
    if not solution.is_listed:
        raise ResponseError(_("Si può rispondere solo a soluzioni pubblicate."))
    if challenge.is_read_only:
        raise ResponseError(_("La sfida è chiusa: le risposte ufficiali non si possono più pubblicare né modificare."))
    response = response_to(solution)
    now = utcnow()
    if response is None:
        response = OfficialResponse(
            solution_id=solution.id, administration_id=challenge.administration_id, created_at=now
        )
        db.session.add(response)
    else:
        db.session.add(
            OfficialResponseRevision(
                response_id=response.id, author_id=response.author_id, outcome=response.outcome, body=response.body
            )
        )
    response.author_id = user.id
    response.outcome = outcome
    response.body = body
    response.body_html = render_markdown(body)
    response.updated_at = now
    notifications.notify_authors(solution, "response")
    notifications.notify_solution_followers(solution, "follow_response", user.id)
    commit_or_raise(ResponseError(_("Un'altra risposta è stata pubblicata nello stesso momento: ricarica la pagina.")))
    return response


def revisions_of_response(response: OfficialResponse) -> list[OfficialResponseRevision]:
    """Earlier versions of the response, newest first."""
    return list(
        db.session.scalars(
            select(OfficialResponseRevision)
            .where(OfficialResponseRevision.response_id == response.id)
            .order_by(OfficialResponseRevision.id.desc())
        )
    )


def outcomes_of(solution_ids: list[int]) -> dict[int, str]:
    """Solution id -> outcome of its response, for badges in lists."""
    if not solution_ids:
        return {}
    rows = db.session.execute(
        select(OfficialResponse.solution_id, OfficialResponse.outcome).where(
            OfficialResponse.solution_id.in_(solution_ids)
        )
    )
    return dict(rows.all())


def responses_of(solution_ids: list[int]) -> dict[int, OfficialResponse]:
    """Solution id -> its official response, in one query, for the API and the exports."""
    if not solution_ids:
        return {}
    rows = db.session.scalars(select(OfficialResponse).where(OfficialResponse.solution_id.in_(solution_ids)))
    return {response.solution_id: response for response in rows}
