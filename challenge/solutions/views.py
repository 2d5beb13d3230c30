"""Propose, read, edit and withdraw solutions."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..clock import today
from ..forms import ConfirmForm, for_signed_in
from ..services import comments as comment_service
from ..models import CommentVote, SolutionVote
from ..services import responses as response_service
from ..services import solutions as service
from ..services.common import PermissionDenied, ServiceError
from ..services.permissions import can_contribute, can_manage, is_author
from ..services.responses import response_to, revisions_of_response
from ..services.search import similar_solutions
from ..services.voting import votes_of
from ..web import attach_error, visible_challenge_or_404, visible_solution_or_404
from .forms import CommentForm, ResponseForm, SolutionForm

bp = Blueprint("solutions", __name__)


@bp.route("/challenges/<slug>/solutions/new", methods=["GET", "POST"])
@login_required
def create(slug: str):
    """Propose a solution to an open challenge."""
    challenge = visible_challenge_or_404(slug)
    if not can_contribute(current_user):
        raise PermissionDenied(_("Il tuo account è sospeso: non puoi proporre soluzioni."))
    if not challenge.accepts_solutions(today()):
        raise ServiceError(_("Questa sfida non accetta più soluzioni."))
    form = SolutionForm()
    if form.validate_on_submit():
        solution = service.propose_solution(current_user, challenge, form.title.data, form.body.data)
        flash(_("Grazie! La tua soluzione è pubblicata."), "success")
        return redirect(url_for(".detail", solution_id=solution.id), 303)
    hits = similar_solutions(challenge.slug, form.title.data or "")
    return render_template("solutions/form.html", form=form, challenge=challenge, solution=None, hits=hits), 422 if form.errors else 200


@bp.get("/challenges/<slug>/solutions/similar")
def similar(slug: str):
    """Existing solutions similar to ?title=, as an HTML fragment for the proposal form."""
    challenge = visible_challenge_or_404(slug)
    hits = similar_solutions(challenge.slug, request.args.get("title", ""))
    return render_template("solutions/_similar.html", hits=hits)


def render_detail(solution, comment_form: CommentForm | None = None, response_form: ResponseForm | None = None, status: int = 200):
    """The solution page; a form that failed comes back with its errors."""
    thread = comment_service.thread_of(solution)
    comment_ids = [item.id for comment, replies in thread for item in (comment, *replies)]
    response = response_to(solution)
    can_respond = can_manage(current_user, solution.challenge) and solution.is_published
    if response_form is None and can_respond:
        response_form = ResponseForm(formdata=None, obj=response)
    return (
        render_template(
            "solutions/detail.html",
            solution=solution,
            challenge=solution.challenge,
            thread=thread,
            comment_form=comment_form or for_signed_in(CommentForm, formdata=None),
            confirm_form=for_signed_in(ConfirmForm),
            revisions=service.revisions_of(solution),
            response=response,
            response_revisions=revisions_of_response(response) if response else [],
            response_form=response_form if can_respond else None,
            is_author=is_author(current_user, solution),
            can_comment=can_contribute(current_user) and solution.is_published and solution.challenge.accepts_discussion,
            can_vote=can_contribute(current_user) and solution.is_published and solution.challenge.accepts_discussion,
            my_votes=votes_of(current_user, SolutionVote, [solution.id]),
            my_comment_votes=votes_of(current_user, CommentVote, comment_ids),
        ),
        status,
    )


@bp.get("/solutions/<int:solution_id>")
def detail(solution_id: int):
    """The solution with its comments."""
    return render_detail(visible_solution_or_404(solution_id))


@bp.route("/solutions/<int:solution_id>/edit", methods=["GET", "POST"])
@login_required
def edit(solution_id: int):
    """The author edits the solution; earlier versions are kept."""
    solution = visible_solution_or_404(solution_id)
    if not is_author(current_user, solution):
        raise PermissionDenied(_("Solo l'autore può modificare questa soluzione."))
    form = SolutionForm(obj=solution)
    if form.validate_on_submit():
        try:
            service.edit_solution(current_user, solution, form.title.data, form.body.data)
        except ServiceError as error:
            attach_error(form, error)
        else:
            flash(_("Soluzione aggiornata. La versione precedente resta nella cronologia."), "success")
            return redirect(url_for(".detail", solution_id=solution.id), 303)
    return render_template("solutions/form.html", form=form, challenge=solution.challenge, solution=solution), 422 if form.errors else 200


@bp.post("/solutions/<int:solution_id>/withdraw")
@login_required
def withdraw(solution_id: int):
    """The author withdraws the solution."""
    solution = visible_solution_or_404(solution_id)
    service.withdraw_solution(current_user, solution)
    flash(_("Hai ritirato la soluzione: non compare più negli elenchi."), "success")
    return redirect(url_for("challenges.detail", slug=solution.challenge.slug), 303)


@bp.post("/solutions/<int:solution_id>/response")
@login_required
def respond(solution_id: int):
    """The challenge's administration publishes or updates its official response."""
    solution = visible_solution_or_404(solution_id)
    form = ResponseForm()
    if form.validate_on_submit():
        try:
            response_service.respond(current_user, solution, form.outcome.data, form.body.data)
        except ServiceError as error:
            attach_error(form, error)
        else:
            flash(_("Risposta ufficiale pubblicata."), "success")
            return redirect(url_for(".detail", solution_id=solution.id, _anchor="official-response"), 303)
    elif not can_manage(current_user, solution.challenge):
        raise PermissionDenied(_("Solo il personale dell'amministrazione che ha lanciato la sfida può rispondere."))
    return render_detail(solution, response_form=form, status=422)
