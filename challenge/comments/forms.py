"""The comment form, used for comments and replies."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..auth.forms import REQUIRED
from ..challenges.forms import optional_int


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Commento"),
        validators=[DataRequired(REQUIRED), Length(max=5000, message=_l("Il commento può avere al massimo 5.000 caratteri."))],
    )
    parent_id = HiddenField(filters=[optional_int], validators=[Optional()])
