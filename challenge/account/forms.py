"""Forms on the account page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo

from ..auth.forms import REQUIRED


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Password attuale"), validators=[DataRequired(REQUIRED)])
    password = PasswordField(
        _l("Nuova password"),
        description=_l("Almeno 10 caratteri; evita parole comuni e la tua email."),
        validators=[DataRequired(REQUIRED)],
    )
    confirm = PasswordField(
        _l("Conferma nuova password"),
        validators=[DataRequired(REQUIRED), EqualTo("password", _l("Le due password non coincidono."))],
    )
