"""Form pieces shared by several features."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, StringField, TextAreaField
from wtforms.validators import StopValidation

from ..text.characters import NO_CONTROL_CHARACTERS, SINGLE_LINE, has_control_characters, is_single_line
from .helpers import parse_int

REQUIRED = _l("Questo campo è obbligatorio.")


def optional_int(value) -> int | None:
    """A select's or hidden field's row id, None when left empty; ValueError when not a row id."""
    return parse_int(value) if value not in (None, "", "None") else None


def single_line(form, field: Field) -> None:
    """An <input>'s text: no line break, no control character."""
    if not all(is_single_line(value) for value in field.raw_data or ()):
        raise StopValidation(SINGLE_LINE)


def plain_text(form, field: Field) -> None:
    """A <textarea>'s text: lines, but no control character other than tab."""
    if any(has_control_characters(value) for value in field.raw_data or ()):
        raise StopValidation(NO_CONTROL_CHARACTERS)


class BaseForm(FlaskForm):
    """Every form of the site: its text fields refuse control characters before any other check."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            # Text boxes (textarea) keep their lines; every other text field is one line. A password
            # is only hashed, never shown, stored or sent: one accepted before must still sign in.
            if isinstance(field, TextAreaField):
                field.validators = [plain_text, *field.validators]
            elif isinstance(field, StringField) and not isinstance(field, PasswordField):
                field.validators = [single_line, *field.validators]
            return field


class ConfirmForm(BaseForm):
    """A button that posts nothing but its CSRF token (sign-out, follow, end session)."""


def for_signed_in(form_class: type[FlaskForm], **kwargs) -> FlaskForm | None:
    """The form for a signed-in reader; None for a visitor, who has no use for it on a public page.

    Building a form creates a CSRF token in the session, which would set a cookie and make the
    page differ per visitor: public pages read by visitors must build none.
    """
    return form_class(**kwargs) if current_user.is_authenticated else None
