"""The form that invites an address to co-author a solution."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField

from ..account.signin_forms import EMAIL_RULES
from ..web.forms import BaseForm


class CoauthorInvitationForm(BaseForm):
    email = EmailField(
        _l("Email della persona da invitare"),
        description=_l("Riceverà un link per accettare o rifiutare; se non ha ancora un account, potrà crearlo."),
        validators=EMAIL_RULES,
    )
