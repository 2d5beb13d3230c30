"""Form pieces shared by several features."""

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A button that posts nothing but its CSRF token (sign-out, follow, end session)."""
