"""The form that turns an invitation into a new account."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..auth.forms import REQUIRED
from ..forms import BaseForm


class InvitationAccountForm(BaseForm):
    name = StringField(
        _l("Nome visualizzato"),
        validators=[
            DataRequired(REQUIRED),
            Length(min=2, max=80, message=_l("Il nome deve avere tra 2 e 80 caratteri.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        description=_l("Almeno 10 caratteri; evita parole comuni e la tua email."),
        validators=[DataRequired(REQUIRED)],
    )
    confirm = PasswordField(
        _l("Conferma password"),
        validators=[DataRequired(REQUIRED), EqualTo("password", _l("Le due password non coincidono."))],
    )
