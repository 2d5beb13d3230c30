"""The form that invites an address to co-author a solution."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField
from wtforms.validators import DataRequired, Length

from ..web.forms import REQUIRED, BaseForm


class CoauthorInvitationForm(BaseForm):
    # The shape only: the service checks the address with the one email rule (core.email_addresses).
    email = EmailField(
        _l("Email della persona da invitare"),
        description=_l("Riceverà un link per accettare o rifiutare; se non ha ancora un account, potrà crearlo."),
        validators=[DataRequired(REQUIRED), Length(max=254)],
    )
