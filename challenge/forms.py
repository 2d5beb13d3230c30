"""Form pieces shared by several features."""

from flask_login import current_user
from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A button that posts nothing but its CSRF token (sign-out, follow, end session)."""


def for_signed_in(form_class: type[FlaskForm], **kwargs) -> FlaskForm | None:
    """The form for a signed-in reader; None for a visitor, who has no use for it on a public page.

    Building a form creates a CSRF token in the session, which would set a cookie and make the
    page differ per visitor: public pages read by visitors must build none.
    """
    return form_class(**kwargs) if current_user.is_authenticated else None
