"""The form that turns an invitation into a new account."""

from ..auth.forms import RegisterForm
from ..web.forms import BaseForm


class InvitationAccountForm(BaseForm):
    # The same fields and rules as registration; the email is the invitation's.
    name = RegisterForm.name
    password = RegisterForm.password
    confirm = RegisterForm.confirm
