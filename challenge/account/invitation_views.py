"""The invitation link: create the invited account, or give the role to the signed-in invited person."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..models import PARTICIPANT_ROLE, Invitation
from ..web.forms import ConfirmForm
from ..web.helpers import found_or_404, submit
from ..web.signin import sign_in
from .invitation_forms import InvitationAccountForm
from .invitations import accept_invitation, accept_with_new_account, find_invitation, invitation_problem, validity_of
from .service import find_by_email

bp = Blueprint("invitations", __name__)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept(token: str):
    """Show the invitation and accept it: a new account, or the signed-in account with the invited email."""
    invitation = found_or_404(find_invitation(token))
    problem = invitation_problem(invitation)
    if problem:
        days = validity_of(invitation.role).days
        return render_template("invitations/unavailable.html", problem=problem, days=days), 410
    if current_user.is_authenticated:
        return _accept_signed_in(invitation)
    if find_by_email(invitation.email) is not None:
        return render_template("invitations/accept.html", invitation=invitation, mode="sign_in", form=None)
    form = InvitationAccountForm()
    user = submit(
        form,
        lambda: accept_with_new_account(invitation, form.name.data, form.password.data, form.accept_terms.data),
    )
    if user is not None:
        sign_in(user)
        flash(_("Ti diamo il benvenuto su Sfide PA, %(name)s! Il tuo account è pronto.", name=user.name), "success")
        return redirect(_landing(invitation), 303)
    return render_template(
        "invitations/accept.html", invitation=invitation, mode="new", form=form
    ), 422 if form.errors else 200


def _accept_signed_in(invitation):
    if current_user.email != invitation.email:
        return render_template("invitations/accept.html", invitation=invitation, mode="other_account", form=None), 403
    form = ConfirmForm()
    if form.validate_on_submit():
        accept_invitation(invitation, current_user)
        if invitation.role == PARTICIPANT_ROLE:
            flash(_("Invito accettato: ora partecipi alla sfida."), "success")
        else:
            flash(_("Invito accettato: il tuo ruolo è aggiornato."), "success")
        return redirect(_landing(invitation), 303)
    return render_template("invitations/accept.html", invitation=invitation, mode="confirm", form=form)


def _landing(invitation: Invitation) -> str:
    """Where the accepted invitation leads: an invited participant to the challenge, others home."""
    if invitation.role == PARTICIPANT_ROLE and invitation.challenge is not None:
        return url_for("challenges.detail", slug=invitation.challenge.slug)
    return url_for("main.index")
