"""Forms on the account page."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, EqualTo

from ..auth.forms import REQUIRED
from ..forms import BaseForm


class PasswordChangeForm(BaseForm):
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


class DeleteAccountForm(BaseForm):
    # Its own id: the password-change form on the same page has a `password` field too.
    password = PasswordField(_l("Conferma con la tua password"), id="delete-password", validators=[DataRequired(REQUIRED)])


class EmailPreferencesForm(BaseForm):
    """One checkbox per notification kind, built in the view from NOTIFICATION_KINDS."""

    @classmethod
    def with_kinds(cls, kinds):
        """A form class with a `kind_<code>` checkbox for each kind."""
        fields = {f"kind_{code}": BooleanField(label) for code, label in kinds.items()}
        return type("EmailPreferencesForm", (cls,), fields)
