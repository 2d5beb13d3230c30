"""The invitation link: create the invited account, or give the role to the signed-in invited person."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..web.forms import ConfirmForm
from ..web.helpers import found_or_404, submit
from ..web.signin import sign_in
from .invitation_forms import InvitationAccountForm
from .invitations import accept_invitation, accept_with_new_account, find_invitation, invitation_problem
from .service import find_by_email

bp = Blueprint("invitations", __name__)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept(token: str):
    """Show the invitation and accept it: a new account, or the signed-in account with the invited email."""
    invitation = found_or_404(find_invitation(token))
    problem = invitation_problem(invitation)
    if problem:
        return render_template("invitations/unavailable.html", problem=problem), 410
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
        return redirect(url_for("main.index"), 303)
    return render_template(
        "invitations/accept.html", invitation=invitation, mode="new", form=form
    ), 422 if form.errors else 200


def _accept_signed_in(invitation):
    if current_user.email != invitation.email:
        return render_template("invitations/accept.html", invitation=invitation, mode="other_account", form=None), 403
    form = ConfirmForm()
    if form.validate_on_submit():
        accept_invitation(invitation, current_user)
        flash(_("Invito accettato: il tuo ruolo è aggiornato."), "success")
        return redirect(url_for("main.index"), 303)
    return render_template("invitations/accept.html", invitation=invitation, mode="confirm", form=form)
