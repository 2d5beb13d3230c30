"""Forms for registration and sign-in."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ..core.email_addresses import INVALID_EMAIL, valid_email
from ..models import ACCOUNT_KINDS
from ..web.forms import REQUIRED, BaseForm
from .passwords import password_problem


def deliverable_email(form, field) -> None:
    """The address passes the one rule every service applies too (core.email_addresses)."""
    if field.data and valid_email(field.data) is None:
        raise ValidationError(INVALID_EMAIL)


# Every field that takes an address someone will write to.
EMAIL_RULES = [
    DataRequired(REQUIRED),
    deliverable_email,
    Length(max=254),
]


def must_be_yes(form, field) -> None:
    """The box was ticked: the browser sent exactly `y` (the contract's value)."""
    if field.raw_data != ["y"]:
        raise ValidationError(
            _l("Per continuare accetta le condizioni d'uso e prendi visione dell'informativa sulla privacy.")
        )


def accept_terms_field() -> BooleanField:
    """The consent checkbox of registration and of a new version of the terms."""
    return BooleanField(
        _l("Accetto le condizioni d'uso e ho letto l'informativa sulla privacy"),
        validators=[must_be_yes],
    )


class AccountKindFields(BaseForm):
    """Who speaks through the account: chosen at registration, changed on the profile."""

    kind = SelectField(
        _l("Chi sei"),
        choices=list(ACCOUNT_KINDS.items()),
        default="person",
        validate_choice=True,
    )
    organisation_name = StringField(
        _l("Nome dell'organizzazione"),
        description=_l("Solo per imprese, associazioni, enti di ricerca e altri enti."),
        validators=[Length(max=120, message=_l("Al massimo 120 caratteri."))],
    )

    def validate_organisation_name(self, field) -> None:
        if self.kind.data != "person" and not (field.data or "").strip():
            raise ValidationError(_l("Scrivi il nome dell'organizzazione per cui partecipi."))


class RegisterForm(AccountKindFields):
    email = EmailField(_l("Email"), validators=EMAIL_RULES)
    name = StringField(
        _l("Nome visualizzato"),
        description=_l("Il nome o l'organizzazione che gli altri vedranno accanto ai tuoi contributi."),
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
        validators=[
            DataRequired(REQUIRED),
            EqualTo("password", _l("Le due password non coincidono.")),
        ],
    )
    accept_terms = accept_terms_field()
    # A honeypot: hidden from people (and from screen readers), filled in by form-filling bots.
    website = StringField(_l("Lascia vuoto questo campo"))

    def validate_website(self, field) -> None:
        if field.data:
            raise ValidationError(_l("Lascia vuoto questo campo."))

    def validate_password(self, field) -> None:
        problem = password_problem(field.data or "", self.email.data)
        if problem:
            raise ValidationError(problem)


class LoginForm(BaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED)])


class ForgotPasswordForm(BaseForm):
    email = EmailField(_l("Email"), validators=EMAIL_RULES)


class ResetPasswordForm(BaseForm):
    # The password rules are checked by the service, which knows the account's email.
    password = PasswordField(
        _l("Nuova password"),
        description=_l("Almeno 10 caratteri; evita parole comuni e la tua email."),
        validators=[DataRequired(REQUIRED)],
    )
    confirm = PasswordField(
        _l("Conferma nuova password"),
        validators=[DataRequired(REQUIRED), EqualTo("password", _l("Le due password non coincidono."))],
    )


class TermsForm(BaseForm):
    accept_terms = accept_terms_field()
