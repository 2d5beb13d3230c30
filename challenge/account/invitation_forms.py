"""The form that turns an invitation into a new account."""

from ..web.forms import BaseForm
from .signin_forms import RegisterForm


class InvitationAccountForm(BaseForm):
    # The same fields and rules as registration; the email is the invitation's.
    name = RegisterForm.name
    password = RegisterForm.password
    confirm = RegisterForm.confirm
    accept_terms = RegisterForm.accept_terms  # the account is new: it accepts the terms in force, as at registration
