"""Propose, read, edit and withdraw solutions."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..clock import today
from ..comments.forms import CommentForm
from ..forms import ConfirmForm
from ..services import comments as comment_service
from ..services import solutions as service
from ..services.common import PermissionDenied, ServiceError
from ..services.permissions import can_contribute, is_author
from ..web import attach_error, visible_challenge_or_404, visible_solution_or_404
from .forms import SolutionForm

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
    return render_template("solutions/form.html", form=form, challenge=challenge, solution=None), 422 if form.errors else 200


def render_detail(solution, comment_form: CommentForm | None = None, status: int = 200):
    """The solution page; the comment form comes back with its errors after a failed post."""
    return (
        render_template(
            "solutions/detail.html",
            solution=solution,
            challenge=solution.challenge,
            thread=comment_service.thread_of(solution),
            comment_form=comment_form or CommentForm(formdata=None),
            confirm_form=ConfirmForm(),
            revisions=service.revisions_of(solution),
            is_author=is_author(current_user, solution),
            can_comment=can_contribute(current_user) and solution.is_published and solution.challenge.accepts_discussion,
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
