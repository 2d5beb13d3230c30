"""Forms on the account page."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField
from wtforms.validators import DataRequired

from ..models import EMAIL_FREQUENCIES, NEVER_IN_DIGESTS
from ..web.forms import REQUIRED, BaseForm
from .signin_forms import EMAIL_RULES, AccountKindFields, RegisterForm, ResetPasswordForm

LANGUAGE_CHOICES = [("it", "Italiano"), ("en", "English")]


class ProfileForm(AccountKindFields):
    name = RegisterForm.name  # the same rules as at registration
    language = SelectField(
        _l("Lingua"),
        description=_l("Della piattaforma e delle email che ti mandiamo."),
        choices=LANGUAGE_CHOICES,
        validate_choice=True,
    )
    profile_public = BooleanField(_l("Profilo pubblico: chiunque può vedere la tua pagina con i contributi pubblicati"))


class EmailChangeForm(BaseForm):
    email = EmailField(
        _l("Nuovo indirizzo email"),
        description=_l("Ti manderemo un link per confermarlo: fino ad allora resta valido quello attuale."),
        validators=EMAIL_RULES,
    )
    current = PasswordField(_l("Password attuale"), id="email-current", validators=[DataRequired(REQUIRED)])


class PasswordChangeForm(BaseForm):
    current = PasswordField(_l("Password attuale"), validators=[DataRequired(REQUIRED)])
    password = ResetPasswordForm.password  # the same fields as a reset through the emailed link
    confirm = ResetPasswordForm.confirm


class DeleteAccountForm(BaseForm):
    # Its own id: the password-change form on the same page has a `password` field too.
    password = PasswordField(
        _l("Conferma con la tua password"), id="delete-password", validators=[DataRequired(REQUIRED)]
    )


def frequency_choices(kind: str) -> list:
    """How often a kind may be emailed: a reminder is sent at once or not at all."""
    if kind in NEVER_IN_DIGESTS:
        return [(code, EMAIL_FREQUENCIES[code]) for code in ("immediate", "never")]
    return list(EMAIL_FREQUENCIES.items())


class EmailPreferencesForm(BaseForm):
    """How often each notification kind is emailed, built in the view from NOTIFICATION_KINDS."""

    @classmethod
    def with_kinds(cls, kinds):
        """A form class with an `email_<code>` choice (immediate, daily, weekly, never) for each kind."""
        fields = {
            f"email_{code}": SelectField(label, choices=frequency_choices(code), validate_choice=True)
            for code, label in kinds.items()
        }
        return type("EmailPreferencesForm", (cls,), fields)
