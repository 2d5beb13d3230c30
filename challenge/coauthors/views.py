"""Co-authors: the authors' page of a solution (invite, re-send, cancel, remove) and the invitation link."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..account.service import find_by_email
from ..core.extensions import limiter
from ..core.permissions import refusal_to_change_authors, refuse_unless_allowed
from ..core.tokens import TokenError
from ..models import Solution, User
from ..web import limits
from ..web.forms import ConfirmForm
from ..web.helpers import ask_first, found_or_404, submit, visible_solution_or_404
from ..web.signin import sign_in
from . import service
from .forms import CoauthorInvitationForm
from .page import account_form, render_answer

bp = Blueprint("coauthors", __name__)


def _link_for(token: str) -> str:
    return url_for("coauthors.answer", token=token, _external=True)


def _authors_page(solution: Solution, form: CoauthorInvitationForm | None = None, status: int = 200):
    return render_template(
        "coauthors/authors.html",
        solution=solution,
        invitations=service.pending_invitations(solution),
        form=form or CoauthorInvitationForm(formdata=None),
        confirm_form=ConfirmForm(),
    ), status


@bp.get("/solutions/<int:solution_id>/coauthors")
@login_required
def index(solution_id: int):
    """The authors of the solution, its pending invitations and the invitation form: for its authors."""
    solution = visible_solution_or_404(solution_id)
    refuse_unless_allowed(refusal_to_change_authors(current_user, solution))
    return _authors_page(solution)


# Invitations and their re-sending share one per-account limit: each one emails an address.
invitations_limit = limiter.shared_limit(
    limits.coauthor_invitations_per_account, scope="coauthor-invitations", key_func=limits.signed_in_key
)


@bp.post("/solutions/<int:solution_id>/coauthors")
@login_required
@invitations_limit
def invite(solution_id: int):
    """An author invites an address to co-author the solution."""
    solution = visible_solution_or_404(solution_id)
    refuse_unless_allowed(refusal_to_change_authors(current_user, solution))
    form = CoauthorInvitationForm()
    done = _("Invito inviato: la persona riceverà un'email con il link per rispondere.")
    if submit(form, lambda: service.invite_coauthor(current_user, solution, form.email.data, _link_for), done):
        return redirect(url_for(".index", solution_id=solution.id), 303)
    return _authors_page(solution, form, 422)


@bp.post("/solutions/<int:solution_id>/coauthors/invitations/<int:invitation_id>/<any(resend, cancel):step>")
@login_required
@invitations_limit
def invitation(solution_id: int, invitation_id: int, step: str):
    """An author sends a pending invitation again (a new link) or cancels it."""
    solution = visible_solution_or_404(solution_id)
    pending = found_or_404(service.invitation_of(solution, invitation_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if step == "resend":
        service.resend_invitation(current_user, pending, _link_for)
        flash(_("Invito inviato di nuovo: il link precedente non vale più."), "success")
    else:
        service.cancel_invitation(current_user, pending)
        flash(_("Invito annullato: il suo link non vale più."), "success")
    return redirect(url_for(".index", solution_id=solution.id), 303)


@bp.post("/solutions/<int:solution_id>/coauthors/<int:user_id>/remove")
@login_required
def remove(solution_id: int, user_id: int):
    """An author removes an author, or leaves; asked first."""
    solution = visible_solution_or_404(solution_id)
    person = found_or_404(_author(solution, user_id))
    leaving = person.id == current_user.id
    page = ask_first(
        lambda: refuse_unless_allowed(refusal_to_change_authors(current_user, solution)),
        title=_("Lasciare la soluzione?")
        if leaving
        else _("Togliere %(name)s dagli autori?", name=person.display_name),
        text=_("Non sarai più tra gli autori di «%(title)s» e non potrai più modificarla.", title=solution.title)
        if leaving
        else _(
            "%(name)s non sarà più tra gli autori di «%(title)s»: lo saprà da una notifica.",
            name=person.display_name,
            title=solution.title,
        ),
        button=_("Sì, lascia la soluzione") if leaving else _("Sì, togli dagli autori"),
        back=url_for(".index", solution_id=solution.id),
    )
    if page is not None:
        return page
    try:
        service.remove_author(current_user, solution, person.id)
    except service.CoauthorError as error:
        flash(error.message, "error")
        return redirect(url_for(".index", solution_id=solution.id), 303)
    if leaving:
        flash(_("Non sei più tra gli autori della soluzione."), "success")
        return redirect(url_for("solutions.detail", solution_id=solution.id), 303)
    flash(_("%(name)s non è più tra gli autori.", name=person.display_name), "success")
    return redirect(url_for(".index", solution_id=solution.id), 303)


def _author(solution: Solution, user_id: int) -> User | None:
    return next((author for author in solution.authors if author.id == user_id), None)


@bp.route("/coauthorships/<token>", methods=["GET", "POST"])
def answer(token: str):
    """The invited address accepts (signed in with it, or creating its account) or declines."""
    try:
        invitation = service.find_invitation(token)
    except TokenError as error:
        return render_template("coauthors/unavailable.html", problem="expired" if error.expired else "invalid"), 410
    problem = service.invitation_problem(invitation)
    if problem:
        return render_template("coauthors/unavailable.html", problem=problem), 410
    if current_user.is_authenticated and current_user.email != invitation.email:
        return render_answer(invitation, "other_account", None, 403)
    if request.method == "POST" and request.form.get("answer") == "decline" and ConfirmForm().validate_on_submit():
        service.decline_invitation(invitation, current_user if current_user.is_authenticated else None)
        flash(_("Hai rifiutato l'invito: chi ti ha invitato lo saprà."), "info")
        return redirect(url_for("main.index"), 303)
    if current_user.is_authenticated:
        form = ConfirmForm()
        if submit(form, lambda: service.accept_invitation(invitation, current_user)):
            flash(_("Ora sei tra gli autori di questa soluzione."), "success")
            return redirect(url_for("solutions.detail", solution_id=invitation.solution_id), 303)
        return render_answer(invitation, "confirm", form)
    if find_by_email(invitation.email) is not None:
        return render_answer(invitation, "sign_in", ConfirmForm())
    form = account_form()
    user = submit(
        form,
        lambda: service.accept_with_new_account(invitation, form.name.data, form.password.data, form.accept_terms.data),
    )
    if user is not None:
        sign_in(user)
        flash(
            _(
                "Ti diamo il benvenuto su Sfide PA, %(name)s! Ora sei tra gli autori di questa soluzione.",
                name=user.name,
            ),
            "success",
        )
        return redirect(url_for("solutions.detail", solution_id=invitation.solution_id), 303)
    return render_answer(invitation, "new", form, 422 if form.errors else 200)
