"""Evaluation pages: set-up by the challenge's staff, the evaluator's inbox and scoring, results, follow-through."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.errors import PermissionDenied, ServiceError
from ..core.evaluation_permissions import can_award, can_set_up_evaluation, can_view_results, refusal_to_score
from ..core.extensions import db
from ..core.permissions import can_manage as can_manage_challenge
from ..models import Award, Challenge, EvaluationCriterion, Evaluator, Milestone
from ..solutions.page import render_detail
from ..web.helpers import (
    ask_first,
    attach_error,
    found_or_404,
    submit,
    visible_challenge_or_404,
    visible_solution_or_404,
)
from ..web.urls import public_url_for
from . import follow_through, scoring
from . import results as evaluation_results
from . import setup as evaluation_setup
from .forms import AwardForm, CriterionForm, EvaluatorForm, MilestoneForm, PopularWeightForm, scoring_form

bp = Blueprint("evaluation", __name__)


def _managed_challenge(slug: str) -> Challenge:
    challenge = visible_challenge_or_404(slug)
    if not can_manage_challenge(current_user, challenge):
        raise PermissionDenied(_("Solo il personale dell'amministrazione della sfida può impostarne la valutazione."))
    return challenge


def _set_up_page(challenge: Challenge, status: int = 200, **forms):
    weight_form = forms.get("weight_form") or PopularWeightForm(formdata=None, popular_weight=challenge.popular_weight)
    return render_template(
        "evaluation/setup.html",
        challenge=challenge,
        criteria=evaluation_setup.criteria_of(challenge),
        evaluators=evaluation_setup.evaluators_of(challenge),
        weight_form=weight_form,
        criterion_form=forms.get("criterion_form") or CriterionForm(formdata=None),
        evaluator_form=forms.get("evaluator_form") or EvaluatorForm(formdata=None),
        editable=can_set_up_evaluation(current_user, challenge),
    ), status


@bp.route("/challenges/<slug>/evaluation", methods=["GET", "POST"])
@login_required
def setup(slug: str):
    """Criteria, the popular vote's weight and the evaluators (the challenge's staff)."""
    challenge = _managed_challenge(slug)
    form = PopularWeightForm()
    if submit(
        form,
        lambda: evaluation_setup.set_popular_weight(current_user, challenge, form.popular_weight.data),
        _("Impostazioni della valutazione salvate."),
    ):
        return redirect(url_for(".setup", slug=slug), 303)
    if form.is_submitted():
        return _set_up_page(challenge, 422, weight_form=form)
    return _set_up_page(challenge)


@bp.post("/challenges/<slug>/criteria")
@login_required
def add_criterion(slug: str):
    """Add a criterion."""
    challenge = _managed_challenge(slug)
    form = CriterionForm()
    done = _("Criterio aggiunto.")
    if submit(
        form,
        lambda: evaluation_setup.add_criterion(
            current_user, challenge, form.name.data, form.description.data or "", form.weight.data
        ),
        done,
    ):
        return redirect(url_for(".setup", slug=slug, _anchor="criteria"), 303)
    return _set_up_page(challenge, 422, criterion_form=form)


@bp.post("/challenges/<slug>/criteria/defaults")
@login_required
def use_default_criteria(slug: str):
    """Choose the default criteria (only while the challenge has none)."""
    challenge = _managed_challenge(slug)
    evaluation_setup.use_default_criteria(current_user, challenge)  # a refusal (criteria exist, too late) is a 403
    flash(_("Criteri predefiniti aggiunti."), "success")
    return redirect(url_for(".setup", slug=slug, _anchor="criteria"), 303)


def _own(model, item_id: int, challenge: Challenge):
    item = found_or_404(db.session.get(model, item_id))
    if item.challenge_id != challenge.id:
        abort(404)
    return item


@bp.post("/challenges/<slug>/criteria/<int:criterion_id>/delete")
@login_required
def delete_criterion(slug: str, criterion_id: int):
    """Remove a criterion."""
    challenge = _managed_challenge(slug)
    criterion = _own(EvaluationCriterion, criterion_id, challenge)
    back = url_for(".setup", slug=slug, _anchor="criteria")
    page = ask_first(
        lambda: evaluation_setup.refuse_set_up(current_user, challenge),
        title=_("Rimuovere il criterio?"),
        text=_("Il criterio «%(name)s» sarà tolto dalla valutazione della sfida.", name=criterion.name),
        button=_("Sì, rimuovi il criterio"),
        back=back,
    )
    if page is not None:
        return page
    evaluation_setup.delete_criterion(current_user, challenge, criterion)
    flash(_("Criterio rimosso."), "success")
    return redirect(back, 303)


@bp.post("/challenges/<slug>/evaluators")
@login_required
def add_evaluator(slug: str):
    """Add an evaluator: an account by its email, or an invited juror."""
    challenge = _managed_challenge(slug)
    form = EvaluatorForm()
    added = submit(
        form,
        lambda: evaluation_setup.add_evaluator(
            current_user, challenge, form.email.data, lambda token: public_url_for("invitations.accept", token=token)
        ),
    )
    if added is not None:
        if added.invited:
            flash(_("Invito inviato: la persona valuterà la sfida dopo averlo accettato."), "success")
        else:
            flash(_("Valutatore aggiunto."), "success")
        return redirect(url_for(".setup", slug=slug, _anchor="evaluators"), 303)
    return _set_up_page(challenge, 422, evaluator_form=form)


@bp.post("/challenges/<slug>/evaluators/<int:evaluator_id>/remove")
@login_required
def remove_evaluator(slug: str, evaluator_id: int):
    """Remove an evaluator."""
    challenge = _managed_challenge(slug)
    evaluator = _own(Evaluator, evaluator_id, challenge)
    back = url_for(".setup", slug=slug, _anchor="evaluators")
    page = ask_first(
        lambda: evaluation_setup.refuse_set_up(current_user, challenge),
        title=_("Rimuovere il valutatore?"),
        text=_(
            "%(email)s non potrà più valutare la sfida e i punteggi che ha dato saranno cancellati.",
            email=evaluator.email,
        ),
        button=_("Sì, rimuovi il valutatore"),
        back=back,
    )
    if page is not None:
        return page
    evaluation_setup.remove_evaluator(current_user, challenge, evaluator)
    flash(_("Valutatore rimosso."), "success")
    return redirect(back, 303)


@bp.get("/evaluations")
@login_required
def inbox():
    """The challenges the reader evaluates, with their progress."""
    return render_template("evaluation/inbox.html", items=scoring.inbox(current_user))


@bp.route("/solutions/<int:solution_id>/evaluation", methods=["GET", "POST"])
@login_required
def score(solution_id: int):
    """An evaluator scores the solution on every criterion, with a private note."""
    solution = visible_solution_or_404(solution_id)
    refusal = refusal_to_score(current_user, solution)
    if isinstance(refusal, PermissionDenied):
        raise refusal
    criteria = evaluation_setup.criteria_of(solution.challenge)
    scores, note = scoring.own_scores(current_user, solution)
    defaults = {f"score_{criterion_id}": str(value) for criterion_id, value in scores.items()}
    form = scoring_form(criteria, data={"note": note, **defaults})
    if refusal is None and form.validate_on_submit():
        values = {criterion.id: int(form[f"score_{criterion.id}"].data) for criterion in criteria}
        try:
            scoring.score_solution(current_user, solution, values, form.note.data or "")
        except ServiceError as error:
            attach_error(form, error)
        else:
            flash(_("Punteggi salvati. Puoi cambiarli finché la sfida non è chiusa."), "success")
            item = next((i for i in scoring.inbox(current_user) if i.challenge.id == solution.challenge_id), None)
            if item is not None and item.next_solution_id is not None:
                return redirect(url_for(".score", solution_id=item.next_solution_id), 303)
            return redirect(url_for(".inbox"), 303)
    elif refusal is not None and form.is_submitted():
        raise refusal
    return render_template(
        "evaluation/score.html",
        solution=solution,
        challenge=solution.challenge,
        form=form,
        refusal=refusal,
    ), 422 if form.errors else 200


@bp.get("/challenges/<slug>/results")
@login_required
def results(slug: str):
    """The staff's ranking with every evaluator's scores and notes."""
    challenge = visible_challenge_or_404(slug)
    if not can_view_results(current_user, challenge):
        raise PermissionDenied(_("I risultati della valutazione sono riservati al personale della sfida."))
    return _results_page(challenge)


def _results_page(challenge: Challenge, award_form: AwardForm | None = None, status: int = 200):
    results = evaluation_results.staff_results(challenge)
    may_award = can_award(current_user, challenge)
    if award_form is None and may_award:
        award_form = AwardForm(formdata=None)
    if award_form is not None:
        award_form.solution_id.choices = [(str(row.solution.id), row.solution.title) for row in results.rows]
    return render_template(
        "evaluation/results.html",
        challenge=challenge,
        results=results,
        award_form=award_form if may_award else None,
        max_popular_weight=evaluation_setup.MAX_POPULAR_WEIGHT,
    ), status


@bp.post("/challenges/<slug>/awards")
@login_required
def add_award(slug: str):
    """Mark a winner with a public motivation."""
    challenge = _managed_challenge(slug)
    form = AwardForm()
    form.solution_id.choices = [(str(row.solution.id), "") for row in evaluation_results.staff_results(challenge).rows]
    if submit(
        form,
        lambda: evaluation_results.add_award(
            current_user, challenge, int(form.solution_id.data), form.place.data, form.motivation.data
        ),
        _("Premio assegnato: sarà pubblico alla chiusura della sfida."),
    ):
        return redirect(url_for(".results", slug=slug, _anchor="awards"), 303)
    if not can_award(current_user, challenge):
        raise PermissionDenied(_("I vincitori si indicano mentre la sfida è in valutazione."))
    return _results_page(challenge, form, 422)


@bp.post("/challenges/<slug>/awards/<int:award_id>/delete")
@login_required
def delete_award(slug: str, award_id: int):
    """Take a winner back."""
    challenge = _managed_challenge(slug)
    award = _own(Award, award_id, challenge)
    back = url_for(".results", slug=slug, _anchor="awards")
    page = ask_first(
        lambda: evaluation_results.refuse_awarding(current_user, challenge),
        title=_("Rimuovere il premio?"),
        text=_(
            "«%(title)s» non sarà più tra i vincitori e la motivazione sarà cancellata.", title=award.solution.title
        ),
        button=_("Sì, rimuovi il premio"),
        back=back,
    )
    if page is not None:
        return page
    evaluation_results.delete_award(current_user, challenge, award)
    flash(_("Premio rimosso."), "success")
    return redirect(back, 303)


def _milestone_input(form: MilestoneForm) -> follow_through.MilestoneInput:
    return follow_through.MilestoneInput(
        title=form.title.data,
        due_on=form.date.data,
        status=form.status.data,
        body=form.body.data or "",
        progress=form.progress.data,
    )


def _refuse_follow_through(solution) -> None:
    if not follow_through.follow_through_allowed(current_user, solution):
        raise PermissionDenied(_("Solo il personale dell'amministrazione della sfida può aggiornarne l'attuazione."))


def _milestone_failed(solution, form: MilestoneForm, milestone_id: int | None = None):

    return render_detail(solution, milestone_form=form, milestone_form_for=milestone_id, status=422)


@bp.post("/solutions/<int:solution_id>/milestones")
@login_required
def add_milestone(solution_id: int):
    """Add a step to the follow-through of a winning or accepted solution."""
    solution = visible_solution_or_404(solution_id)
    _refuse_follow_through(solution)
    form = MilestoneForm()
    if submit(
        form,
        lambda: follow_through.add_milestone(current_user, solution, _milestone_input(form)),
        _("Tappa aggiunta."),
    ):
        return redirect(url_for("solutions.detail", solution_id=solution.id, _anchor="timeline"), 303)
    return _milestone_failed(solution, form)


def _milestone_and_solution(milestone_id: int):
    milestone = found_or_404(db.session.get(Milestone, milestone_id))
    solution = visible_solution_or_404(milestone.solution_id)
    _refuse_follow_through(solution)
    return milestone, solution


@bp.post("/milestones/<int:milestone_id>/edit")
@login_required
def edit_milestone(milestone_id: int):
    """Change a step: its status, progress, date or text."""
    milestone, solution = _milestone_and_solution(milestone_id)
    form = MilestoneForm()
    if submit(
        form,
        lambda: follow_through.edit_milestone(current_user, milestone, _milestone_input(form)),
        _("Tappa aggiornata."),
    ):
        return redirect(url_for("solutions.detail", solution_id=solution.id, _anchor="timeline"), 303)
    return _milestone_failed(solution, form, milestone.id)


@bp.post("/milestones/<int:milestone_id>/delete")
@login_required
def delete_milestone(milestone_id: int):
    """Remove a step."""
    milestone, solution = _milestone_and_solution(milestone_id)
    back = url_for("solutions.detail", solution_id=solution.id, _anchor="timeline")
    page = ask_first(
        lambda: follow_through.refuse_milestone_change(current_user, solution),
        title=_("Rimuovere la tappa?"),
        text=_("La tappa «%(title)s» sarà cancellata dall'attuazione della soluzione.", title=milestone.title),
        button=_("Sì, rimuovi la tappa"),
        back=back,
    )
    if page is not None:
        return page
    follow_through.delete_milestone(current_user, milestone)
    flash(_("Tappa rimossa."), "success")
    return redirect(back, 303)
