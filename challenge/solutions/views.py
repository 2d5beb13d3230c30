"""Propose, read, edit and withdraw solutions."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..cache.pages import shared_page
from ..cache.scopes import solution_scope
from ..core.errors import PermissionDenied
from ..core.extensions import limiter
from ..core.permissions import (
    can_manage,
    refusal_to_edit_solution,
    refusal_to_merge,
    refusal_to_propose,
    refuse_unless_allowed,
)
from ..search.service import similar_solutions
from ..web import limits
from ..web.helpers import (
    ask_first,
    change_following,
    confirmed,
    int_arg,
    submit,
    visible_challenge_or_404,
    visible_solution_or_404,
)
from . import follows, merging, service
from . import responses as response_service
from .forms import MergeForm, ResponseForm, SolutionForm
from .page import nothing_of_theirs, render_detail

bp = Blueprint("solutions", __name__)


@bp.route("/challenges/<slug>/solutions/new", methods=["GET", "POST"])
@login_required
@limiter.limit(limits.solutions_per_account, key_func=limits.signed_in_key, methods=["POST"])
def create(slug: str):
    """Propose a solution to an open challenge."""
    challenge = visible_challenge_or_404(slug)
    refuse_unless_allowed(refusal_to_propose(current_user, challenge))
    form = SolutionForm()
    solution = submit(
        form,
        lambda: service.propose_solution(
            current_user, challenge, form.title.data, form.body.data, bool(form.organisation.data)
        ),
        "",
    )
    if solution is not None:
        if solution.awaits_moderation:
            flash(
                _("Grazie! La tua soluzione è in attesa di moderazione: sarà pubblicata dopo l'approvazione."), "info"
            )
        else:
            flash(_("Grazie! La tua soluzione è pubblicata."), "success")
        return redirect(url_for(".detail", solution_id=solution.id), 303)
    hits = similar_solutions(challenge.slug, form.title.data or "")
    held = service.solution_waits_for_review(current_user, challenge)
    return render_template(
        "solutions/form.html",
        form=form,
        challenge=challenge,
        solution=None,
        hits=hits,
        held=held,
        offers_organisation=service.offers_organisation(current_user, None),
    ), 422 if form.errors else 200


@bp.get("/challenges/<slug>/solutions/similar")
def similar(slug: str):
    """Existing solutions similar to ?title=, as an HTML fragment for the proposal form."""
    challenge = visible_challenge_or_404(slug)
    hits = similar_solutions(challenge.slug, request.args.get("title", ""))
    return render_template("solutions/_similar.html", hits=hits)


@bp.get("/solutions/<int:solution_id>")
@shared_page(
    lambda solution_id: [solution_scope(solution_id)],
    params=("comments", "flag", "flag_user", "hide", "page", "reply_to", "thread"),
    readers=nothing_of_theirs,
)
def detail(solution_id: int):
    """The solution with its comments; a merged duplicate's address leads to the solution it joined, for good."""
    solution = visible_solution_or_404(solution_id)
    if solution.merged_into_id is not None:
        return redirect(url_for(".detail", solution_id=solution.merged_into_id), 301)
    return render_detail(solution)


@bp.route("/solutions/<int:solution_id>/edit", methods=["GET", "POST"])
@login_required
def edit(solution_id: int):
    """The author edits the solution; earlier versions are kept."""
    solution = visible_solution_or_404(solution_id)
    refuse_unless_allowed(refusal_to_edit_solution(current_user, solution))
    form = SolutionForm(obj=solution, organisation=solution.as_organisation)
    done = _("Soluzione aggiornata. La versione precedente resta nella cronologia.")
    held = service.solution_waits_for_review(current_user, solution.challenge)
    if held:
        done = _("Modifica inviata ai moderatori: finché non la approvano resta pubblica la versione attuale.")
    if submit(
        form,
        lambda: service.edit_solution(
            current_user, solution, form.title.data, form.body.data, bool(form.organisation.data)
        ),
        done,
    ):
        return redirect(url_for(".detail", solution_id=solution.id), 303)
    return render_template(
        "solutions/form.html",
        form=form,
        challenge=solution.challenge,
        solution=solution,
        held=held,
        offers_organisation=service.offers_organisation(current_user, solution),
    ), 422 if form.errors else 200


@bp.post("/solutions/<int:solution_id>/withdraw")
@login_required
def withdraw(solution_id: int):
    """The author withdraws the solution, optionally in favour of another one of the challenge."""
    solution = visible_solution_or_404(solution_id)
    favoured_id = int_arg(request.form, "in_favour_of")
    refuse_unless_allowed(refusal_to_edit_solution(current_user, solution))
    favoured = service.favoured_solution(solution, favoured_id)
    text = _("«%(title)s» non comparirà più negli elenchi e non riceverà più voti né commenti.", title=solution.title)
    if favoured is not None:
        text += " " + _("La sua pagina rimanderà a «%(title)s».", title=favoured.title)
    page = ask_first(
        lambda: None,  # refused above
        title=_("Ritirare la soluzione?"),
        text=text,
        button=_("Sì, ritira la soluzione"),
        back=url_for(".detail", solution_id=solution.id),
    )
    if page is not None:
        return page
    service.withdraw_solution(current_user, solution, favoured_id)
    flash(_("Hai ritirato la soluzione: non compare più negli elenchi."), "success")
    return redirect(url_for("challenges.detail", slug=solution.challenge.slug), 303)


@bp.route("/solutions/<int:solution_id>/merge", methods=["GET", "POST"])
@login_required
def merge(solution_id: int):
    """Moderators and the challenge's staff merge a duplicate into another solution, after confirming."""
    duplicate = visible_solution_or_404(solution_id)
    refuse_unless_allowed(refusal_to_merge(current_user, duplicate))
    form = MergeForm(formdata=request.form if request.method == "POST" else None)
    form.into.choices = [(other.id, other.title) for other in merging.merge_targets(duplicate)]
    if request.method == "GET":
        form.into.data = int_arg(request.args, "into")
    elif survivor := submit(
        form, lambda: merging.check_merge(current_user, duplicate, form.into.data, form.reason.data)
    ):
        if not confirmed():
            return ask_first(
                lambda: None,  # refusal_to_merge and check_merge have answered
                title=_("Unire le due soluzioni?"),
                text=_(
                    "«%(duplicate)s» sarà unita a «%(survivor)s»: voti, commenti, follower e autori passeranno"
                    " a «%(survivor)s» e l'indirizzo della prima porterà alla seconda.",
                    duplicate=duplicate.title,
                    survivor=survivor.title,
                ),
                button=_("Sì, unisci le soluzioni"),
                back=url_for(".merge", solution_id=duplicate.id, into=survivor.id),
            )
        merging.merge_solutions(current_user, duplicate, survivor.id, form.reason.data)
        flash(_("Soluzioni unite: «%(title)s» ora rimanda a questa.", title=duplicate.title), "success")
        return redirect(url_for(".detail", solution_id=survivor.id), 303)
    return render_template("solutions/merge.html", form=form, solution=duplicate, challenge=duplicate.challenge), (
        422 if form.errors else 200
    )


FOLLOW_CHOICES = {
    "follow": (follows.follow, _l("Ora segui questa soluzione: ti avviseremo di commenti, risposte e cambi di stato.")),
    "unfollow": (follows.unfollow, _l("Non segui più questa soluzione.")),
}


@bp.post("/solutions/<int:solution_id>/<any(follow, unfollow):choice>")
@login_required
def follow(solution_id: int, choice: str):
    """Follow the solution to hear of its comments, response and status, or stop following it."""
    solution = visible_solution_or_404(solution_id)
    return change_following(FOLLOW_CHOICES, choice, solution, url_for(".detail", solution_id=solution.id))


@bp.post("/solutions/<int:solution_id>/response")
@login_required
def respond(solution_id: int):
    """The challenge's administration publishes or updates its official response."""
    solution = visible_solution_or_404(solution_id)
    form = ResponseForm()
    if submit(
        form,
        lambda: response_service.respond(current_user, solution, form.outcome.data, form.body.data),
        _("Risposta ufficiale pubblicata."),
    ):
        return redirect(url_for(".detail", solution_id=solution.id, _anchor="official-response"), 303)
    if not can_manage(current_user, solution.challenge):
        raise PermissionDenied(_("Solo il personale dell'amministrazione che ha lanciato la sfida può rispondere."))
    return render_detail(solution, response_form=form, status=422)
