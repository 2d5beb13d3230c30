"""The invitation link's page: it shows the account feature's form that creates the invited address's account."""

from __future__ import annotations

from flask import render_template

from ..account.invitation_forms import InvitationAccountForm
from ..models import CoauthorInvitation


def account_form() -> InvitationAccountForm:
    """The registration fields of an invitation (name, password, terms): the address is the invitation's."""
    return InvitationAccountForm()


def render_answer(invitation: CoauthorInvitation, mode: str, form, status: int = 200):
    """The invitation, and what the reader may do with it in `mode` (confirm, sign_in, new, other_account)."""
    page = render_template(
        "coauthors/answer.html", mode=mode, form=form, invitation=invitation, solution=invitation.solution
    )
    return page, status
